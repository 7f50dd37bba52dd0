"""Comments on draft minutes and on a proposal's text (issue 37): members comment on paragraphs from their phone,
the secretariat answers each, the next version keeps the anchors and shows what it took in; a restricted draft's
comments are 404 for a member who cannot read it."""
from __future__ import annotations

import re

from sqlalchemy import select

from tenants.rls import tenant_context
from tests.conftest import count_queries
from webapp.comments.models import Comment
from webapp.extensions import db
from webapp.meetings.models import Meeting
from webapp.meetings.outcomes import services as outcomes
from webapp.members.models import Member

BODY = ("## Item 1: Opening\n\nThe chair welcomed the members.\n\n"
        "## Item 2: Work plan\n\nThe plan for 2027 was discussed and adopted.\n")
NEXT = ("## Item 1: Opening\n\nThe chair welcomed the members and the two observers.\n\n"
        "## Item 2: Work plan\n\nThe secretariat presented the budget.\n\n"
        "The plan for 2027 was discussed and adopted.\n")


def _minutes(app, forum, meeting_id, body=BODY, visibility="members"):
    with app.app_context(), tenant_context(forum):
        m = db.session.get(Meeting, (forum.id, meeting_id))
        outcomes.save_minutes(m, body, False, visibility)
        outcomes.circulate_minutes(m)
        db.session.commit()


def _paragraph(html, index):
    part = html.split(f'id="p-{index}"', 1)[1]
    return part.split('<section class="paragraph"', 1)[0].split('id="whole"', 1)[0]


def _comment(client, auth, path, body):
    r = client.post(path, data={"csrf_token": auth.csrf(path), "body": body})
    assert r.status_code == 303, r.get_data(as_text=True)


def _setup(app, factory, two_forums):
    a = two_forums["a"]
    efua = factory.member(a, "Efua Employer")
    chair = factory.member(a, "Kofi Chair", "chair")
    m = factory.meeting(a, member_ids=(two_forums["a_sec"]["id"], two_forums["a_member"]["id"], efua["id"]),
                          notify=True)
    _minutes(app, a, m["id"])
    return m, efua, chair


def test_two_members_comment_the_secretariat_answers_and_the_next_version_keeps_the_anchors(
        app, client, auth, factory, two_forums):
    m, efua, chair = _setup(app, factory, two_forums)
    base = f"/t/forum-a/comments/minutes/{m['id']}"
    auth.login(two_forums["a_member"]["email"])
    page = client.get(base).get_data(as_text=True)
    assert "The chair welcomed the members." in _paragraph(page, 1)
    assert f'href="{base}/new?p=1"' in page
    form = client.get(f"{base}/new?p=1").get_data(as_text=True)
    assert "The chair welcomed the members." in form  # the paragraph is quoted on the phone's form
    _comment(client, auth, f"{base}/new?p=1", "Please name the observers.")
    auth.logout()
    auth.login(efua["email"])
    _comment(client, auth, f"{base}/new?p=3", "The employers abstained; please say so.")
    auth.logout()

    auth.login(two_forums["a_sec"]["email"])
    with app.app_context(), tenant_context(two_forums["a"]):
        first, second = db.session.scalars(select(Comment).order_by(Comment.id)).all()
        first_id, second_id = first.id, second.id
    path = f"/t/forum-a/comments/{second_id}/answer"
    refused = client.post(path, data={"csrf_token": auth.csrf(path), "answer": "declined", "answer_text": ""})
    assert refused.status_code == 422 and "Please give the reason for declining." in refused.get_data(as_text=True)
    r = client.post(path, data={"csrf_token": auth.csrf(path), "answer": "declined",
                                "answer_text": "The record shows no abstention."})
    assert r.status_code == 303
    path = f"/t/forum-a/comments/{first_id}/answer"
    assert client.post(path, data={"csrf_token": auth.csrf(path), "answer": "accepted"}).status_code == 303
    page = client.get(base).get_data(as_text=True)
    assert "To be taken in the next version" in _paragraph(page, 1)
    auth.logout()

    # the chair sends version 1 back; the secretariat edits one anchored paragraph, inserts one before the other
    with app.app_context(), tenant_context(two_forums["a"]):
        meeting = db.session.get(Meeting, (two_forums["a"].id, m["id"]))
        outcomes.send_back_minutes(meeting, db.session.get(Member, (two_forums["a"].id, chair["id"])),
                                   "Add the budget figures.")
        outcomes.save_minutes(meeting, NEXT, False, "members")
        outcomes.circulate_minutes(meeting)
        db.session.commit()
    auth.login(two_forums["a_member"]["email"])
    page = client.get(base).get_data(as_text=True)
    assert "Version 2" in page
    p1 = _paragraph(page, 1)
    assert "Please name the observers." in p1 and "The paragraph changed since this comment." in p1
    assert "Taken in version 2" in p1 and "Accepted" in p1
    p4 = _paragraph(page, 4)
    assert "The employers abstained; please say so." in p4 and "The record shows no abstention." in p4
    assert "The paragraph changed" not in p4 and "Declined" in p4
    assert "Please name" not in _paragraph(page, 3)
    # the approver's send-back is one thread among the comments, with the version it concerns
    sent = page.split('id="sent-back"', 1)[1]
    assert "Add the budget figures." in sent and "on version 1" in sent and "Kofi Chair" in sent


def test_comments_on_a_restricted_draft_are_404_for_a_member_who_cannot_read_it(app, client, auth, factory,
                                                                                 two_forums):
    a = two_forums["a"]
    m = factory.meeting(a, member_ids=(two_forums["a_sec"]["id"], two_forums["a_member"]["id"]), notify=True)
    _minutes(app, a, m["id"], visibility="restricted")
    base = f"/t/forum-a/comments/minutes/{m['id']}"
    auth.login(two_forums["a_sec"]["email"])
    _comment(client, auth, f"{base}/new?p=1", "A restricted remark.")
    assert "A restricted remark." in client.get(base).get_data(as_text=True)
    auth.logout()
    auth.login(two_forums["a_member"]["email"])
    assert client.get(base).status_code == 404
    assert client.get(f"{base}/new?p=1").status_code == 404
    r = client.post(f"{base}/new?p=1", data={"csrf_token": auth.csrf("/t/forum-a/"), "body": "x"})
    assert r.status_code == 404


def test_a_member_cannot_answer_and_a_draft_not_circulated_takes_no_comment(app, client, auth, factory, two_forums):
    a = two_forums["a"]
    m = factory.meeting(a, member_ids=(two_forums["a_sec"]["id"], two_forums["a_member"]["id"]), notify=True)
    _minutes(app, a, m["id"])
    base = f"/t/forum-a/comments/minutes/{m['id']}"
    auth.login(two_forums["a_member"]["email"])
    _comment(client, auth, f"{base}/new", "On the whole text.")
    with app.app_context(), tenant_context(a):
        cid = db.session.scalar(select(Comment.id))
    assert client.get(f"/t/forum-a/comments/{cid}/answer").status_code == 404  # the secretariat answers
    page = client.get(base).get_data(as_text=True)
    assert "On the whole text." in page.split('id="whole"', 1)[1]
    other = factory.meeting(a, "Other meeting", member_ids=(two_forums["a_member"]["id"],))
    assert client.get(f"/t/forum-a/comments/minutes/{other['id']}").status_code == 404  # no minutes yet


def test_a_proposals_text_takes_comments(app, client, auth, two_forums):
    from tests.tenants.test_isolation import _a_proposal

    pid = _a_proposal(app, two_forums)
    base = f"/t/forum-a/comments/proposal/{pid}"
    auth.login(two_forums["a_member"]["email"])
    _comment(client, auth, f"{base}/new?p=0", "Which plan?")
    page = client.get(base).get_data(as_text=True)
    assert "Which plan?" in _paragraph(page, 0) and "The forum adopts it." in _paragraph(page, 0)
    assert "on version" not in _paragraph(page, 0)  # a proposal's text has one version


def test_the_page_reads_a_fixed_number_of_statements(app, client, auth, factory, two_forums):
    m, _efua, _chair = _setup(app, factory, two_forums)
    base = f"/t/forum-a/comments/minutes/{m['id']}"
    auth.login(two_forums["a_sec"]["email"])
    counts = []
    for n in (3, 300):
        with app.app_context(), tenant_context(two_forums["a"]):
            have = len(db.session.scalars(select(Comment.id)).all())
            db.session.add_all([Comment(target_kind="minutes", target_id=m["id"], version=1, anchor_position=1,
                                        anchor_text="The chair welcomed the members.",
                                        author_member_id=two_forums["a_member"]["id"], body=f"Comment {i}")
                                for i in range(have, n)])
            db.session.commit()
        with count_queries(app) as q:
            assert client.get(base).status_code == 200
        counts.append(q["n"])
    assert counts[0] == counts[1], counts
    assert re.search(r"Comment 299\b", client.get(base).get_data(as_text=True))


def test_erasing_a_member_blanks_the_text_of_their_comments(app, client, auth, factory, two_forums):
    from webapp.members import services as roll

    m, efua, _chair = _setup(app, factory, two_forums)
    base = f"/t/forum-a/comments/minutes/{m['id']}"
    auth.login(efua["email"])
    _comment(client, auth, f"{base}/new?p=1", "My private remark about the chair.")
    auth.logout()
    with app.app_context(), tenant_context(two_forums["a"]):
        roll.erase_member(db.session.get(Member, (two_forums["a"].id, efua["id"])))
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(base).get_data(as_text=True)
    assert "My private remark" not in page and "Efua Employer" not in page
    assert "—" in _paragraph(page, 1)
