"""Issue 23: who was present is counted on each meeting row, and stays equal to what the invitations say."""
from __future__ import annotations

from sqlalchemy import select, text

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.meetings import services as meetings
from webapp.meetings.models import Invitation, Meeting
from webapp.meetings.outcomes import services as outcomes
from webapp.members import services as roll
from webapp.members.models import Member, Organisation

LIVE = """
SELECT count(*) FILTER (WHERE mem.gender = 'woman'), count(*) FILTER (WHERE mem.gender IN ('man', 'another')),
       coalesce(array_agg(DISTINCT coalesce(mem.constituency, o.constituency) ORDER BY
                coalesce(mem.constituency, o.constituency)) FILTER (WHERE coalesce(mem.constituency, o.constituency)
                IS NOT NULL), '{}')
FROM invitations i JOIN members mem ON mem.tenant_id = i.tenant_id AND mem.id = i.member_id
LEFT JOIN organisations o ON o.tenant_id = mem.tenant_id AND o.id = mem.organisation_id
WHERE i.tenant_id = :tid AND i.meeting_id = :mid AND i.attended
"""


def _kept_and_live(app, tenant, meeting_id):  # noqa: ANN001, ANN202
    with app.app_context(), tenant_context(tenant):
        m = db.session.get(Meeting, (tenant.id, meeting_id))
        kept = (m.present_women, m.present_men_or_another, sorted(m.present_constituencies))
        women, others, cs = db.session.execute(text(LIVE), {"tid": tenant.id, "mid": meeting_id}).one()
        return kept, (women, others, list(cs))


def test_presence_counters_follow_attendance_members_and_organisations(app, factory, two_forums):
    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        union = roll.save_organisation(None, name="Mine Workers Union", acronym="MWU", constituency="workers",
                                       country=None)
        ids = [roll.add_member(f"Person {i}", f"p{i}@x.org", "member", gender=("woman", "man", "woman")[i],
                               organisation_id=union.id).id for i in range(3)]
        union_id = union.id
        db.session.commit()
    m = factory.meeting(a, title="Counted", member_ids=tuple(ids), days_ahead=-2, notify=True)
    assert _kept_and_live(app, a, m["id"])[0] == (0, 0, [])

    with app.app_context(), tenant_context(a):
        for inv in db.session.scalars(select(Invitation).where(Invitation.meeting_id == m["id"])):
            outcomes.set_attendance(inv, True)
        db.session.commit()
    kept, live = _kept_and_live(app, a, m["id"])
    assert kept == live == (2, 1, ["workers"])

    with app.app_context(), tenant_context(a):  # a member's own constituency and gender change
        roll.update_member(db.session.get(Member, (a.id, ids[0])), {"gender": "man", "constituency": "government"})
        db.session.commit()
    kept, live = _kept_and_live(app, a, m["id"])
    assert kept == live == (1, 2, ["government", "workers"])

    with app.app_context(), tenant_context(a):  # the organisation's constituency changes
        org = db.session.get(Organisation, (a.id, union_id))
        roll.save_organisation(org, name=org.name, acronym=org.acronym, constituency="employers", country=None)
        db.session.commit()
    kept, live = _kept_and_live(app, a, m["id"])
    assert kept == live == (1, 2, ["employers", "government"])

    with app.app_context(), tenant_context(a):  # marked absent, then removed from the meeting
        inv = db.session.scalar(select(Invitation).where(Invitation.meeting_id == m["id"],
                                                         Invitation.member_id == ids[1]))
        outcomes.set_attendance(inv, False)
        meetings.remove_invitee(db.session.get(Meeting, (a.id, m["id"])), db.session.get(Member, (a.id, ids[2])))
        db.session.commit()
    kept, live = _kept_and_live(app, a, m["id"])
    assert kept == live == (0, 1, ["government"])
