"""Issue 31: what a phone texted is personal data. Erasing a member deletes their forum's inbound log for their
phone (other forums keep theirs: one phone can belong to members of several forums), the STOP stays (forgetting it
would text someone who opted out), and inbound rows are purged after SMS_INBOUND_KEEP_DAYS."""
from __future__ import annotations

from sqlalchemy import select, text

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.notices.sms.models import SmsInbound, SmsOptOut

from . import test_replies
from .test_replies import inbound_log, invited

callbacks = test_replies.callbacks  # the fixture
forum_a = test_replies.forum_a  # the fixture
forum_b = test_replies.forum_b  # the fixture

PHONE = "+233201234530"


def _post(client, n: str, body: str) -> None:  # noqa: ANN001
    assert client.post(f"/sms/inbound?key=s3cret&id=er-{n}&from=%2B233201234530", data=body).status_code == 200


def test_erasing_a_member_deletes_their_forums_texts_from_their_phone_and_keeps_the_stop(
        app, client, factory, callbacks, queue_redis, forum_a, forum_b):
    from webapp.members import services as roll
    from webapp.members.models import Member

    _m, mid_a, code_a = invited(app, factory, forum_a, PHONE)
    _post(client, "a1", f"YES {code_a}")
    _post(client, "a2", "my son works at the pit, call me")
    _m, _mid_b, code_b = invited(app, factory, forum_b, PHONE)
    _post(client, "b1", f"OUI {code_b}")
    _post(client, "b2", "STOP")
    assert {r.tenant_id for r in inbound_log(app)} == {forum_a.id, forum_b.id}

    with app.app_context(), tenant_context(forum_a):
        roll.erase_member(db.session.get(Member, (forum_a.id, mid_a)))
        db.session.commit()

    left = inbound_log(app)
    assert [r.body for r in left] == [f"OUI {code_b}", "STOP"] and {r.tenant_id for r in left} == {forum_b.id}
    assert "call me" not in str([(r.body, r.phone) for r in left])
    with app.app_context():
        assert db.session.get(SmsOptOut, PHONE) is not None


def test_inbound_texts_are_purged_after_the_documented_period(app, client, factory, callbacks, queue_redis, forum_a):
    from worker import sweeps

    invited(app, factory, forum_a, PHONE)
    _post(client, "old", "HELP")
    _post(client, "new", "STOP")
    with app.app_context():
        db.session.execute(text("UPDATE sms_inbound SET received_at = now() - interval '181 days' "
                                "WHERE message_id = 'er-old'"))
        db.session.commit()
    assert app.config["SMS_INBOUND_KEEP_DAYS"] == 180
    assert sweeps.purge_sms_inbound() == 1
    with app.app_context():
        assert db.session.scalars(select(SmsInbound.message_id)).all() == ["er-new"]
        assert db.session.get(SmsOptOut, PHONE) is not None
