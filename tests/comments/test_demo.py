"""The demo's Ghana forum shows the dialogue between meetings (issue 37): circulated draft minutes with comments on
paragraphs (two answered), and a date poll one of whose dates keeps every core constituency and the gender balance;
loading twice adds nothing."""
from __future__ import annotations

from sqlalchemy import func, select

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp import demo
from webapp.comments.models import Comment
from webapp.extensions import db
from webapp.polls import queries as poll_queries
from webapp.polls.models import DatePoll


def _state(app):
    with app.app_context(), app.test_request_context():
        ghana = db.session.scalar(select(Tenant).where(Tenant.slug == "ghana-nsccl"))
        with tenant_context(ghana):
            comments = db.session.execute(select(Comment.target_id, Comment.answer).order_by(Comment.id)).all()
            [poll] = db.session.scalars(select(DatePoll)).all()
            results = poll_queries.results(poll_queries.slots(poll.id), poll_queries.people(poll.id))
            return (comments, [(r.keeps_core, r.balanced) for r in results],
                    db.session.scalar(select(func.count()).select_from(Comment)))


def test_the_ghana_forum_has_commented_draft_minutes_and_a_date_poll(app, databases):
    with app.app_context():
        demo.load()
    comments, slots, _n = _state(app)
    assert len(comments) == 4 and len({t for t, _a in comments}) == 1
    assert [a for _t, a in comments] == [None, "accepted", "declined", None]
    assert (True, True) in slots and slots.count((True, True)) < len(slots)
    with app.app_context():
        demo.load()
    assert _state(app)[2] == 4
