"""The demo's Ghana forum decides between meetings (issue 36): an open written procedure and a closed consent
proposal with its decision; loading twice adds nothing."""
from __future__ import annotations

from sqlalchemy import select

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp import demo
from webapp.extensions import db
from webapp.meetings.models import Decision
from webapp.proposals.models import Proposal


def _proposals(app):
    with app.app_context():
        ghana = db.session.scalar(select(Tenant).where(Tenant.slug == "ghana-nsccl"))
        with tenant_context(ghana):
            return [(p.rule, p.status, p.adopted, db.session.scalar(select(Decision.id).where(
                Decision.proposal_id == p.id)) is not None) for p in db.session.scalars(
                select(Proposal).order_by(Proposal.id))]


def test_the_ghana_forum_has_an_open_written_procedure_and_an_adopted_consent_proposal(app, databases):
    with app.app_context():
        demo.load()
    first = _proposals(app)
    assert first == [("consent_of_every_core_constituency", "closed", True, True),
                     ("no_objection", "open", None, False)]
    with app.app_context():
        demo.load()
    assert _proposals(app) == first


def test_the_open_written_procedure_is_answered_partly_by_sms_through_the_inbound_path(app, databases):
    from webapp.notices.sms.models import SmsInbound, SmsMessage
    from webapp.proposals.models import ProposalAnswer

    with app.app_context():
        demo.load()
        ghana = db.session.scalar(select(Tenant).where(Tenant.slug == "ghana-nsccl"))
        with tenant_context(ghana):
            open_ = db.session.scalar(select(Proposal).where(Proposal.status == "open"))
            rows = db.session.scalars(select(ProposalAnswer).where(ProposalAnswer.proposal_id == open_.id)).all()
            by = sorted((r.channel or "-", r.answer or "-") for r in rows if r.channel)
            assert by == [("sms", "agree"), ("sms", "agree_with_reservations"), ("web", "agree"), ("web", "agree"),
                          ("web", "agree")], by
            assert any(r.answer is None for r in rows)  # some seats have not answered
            kinds = list(db.session.scalars(select(SmsMessage.kind).order_by(SmsMessage.id)))
            assert kinds.count("proposal_opened") == 3 and kinds.count("reply") >= 2
        assert {i.outcome for i in db.session.scalars(select(SmsInbound).where(
            SmsInbound.message_id.like("demo-%-proposal-%")))} == {"answered"}
