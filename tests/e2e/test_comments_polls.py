"""Browser (360 x 740, issue 37): draft minutes take two comments from two members on different paragraphs, the
secretariat accepts one and declines the other with a reason, the next version edits one anchored paragraph and
inserts one before the other and both comments still point at their paragraphs; a restricted draft's comments are
404 for a member who cannot read it. A date poll of three dates is opened and answered on phones, the date that keeps
every core constituency is marked, and one tap makes the meeting. Every page fits the screen and passes axe."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.comments.test_comments import BODY, NEXT, _minutes
from tests.e2e.conftest import sign_in, sign_out
from tests.e2e.test_look import axe_serious
from tests.polls.test_polls import PEOPLE
from tests.polls.test_polls import _setup as poll_setup
from webapp.comments.models import Comment
from webapp.extensions import db
from webapp.meetings.models import Meeting
from webapp.meetings.outcomes import services as outcomes
from webapp.members.models import Member
from webapp.polls.models import DatePoll

pytestmark = pytest.mark.e2e


@pytest.fixture
def phone(browser):
    """A 360 x 740 phone that lets axe in (bypass_csp), collecting console errors as tests/e2e/conftest.py's."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, bypass_csp=True)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def _out(page, live_server: str) -> None:  # noqa: ANN001 - a Playwright page
    sign_out(page)
    page.wait_for_url(f"{live_server}/")


def _fits(page) -> None:  # noqa: ANN001 - a Playwright page
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_serious(page) == []


def _comment(page, base: str, paragraph: int, text: str) -> None:  # noqa: ANN001
    page.goto(base)
    page.click(f"#p-{paragraph} a:has-text('Comment on this paragraph')")
    page.fill("textarea[name=body]", text)
    _fits(page)
    page.click("main form button[type=submit]")
    page.wait_for_selector(f"#p-{paragraph} .comment")


def _answer(page, live_server: str, comment_id: int, answer: str, text: str = "") -> None:  # noqa: ANN001
    page.goto(f"{live_server}/t/forum-a/comments/{comment_id}/answer")
    page.check(f"input[name=answer][value={answer}]")
    page.fill("textarea[name=answer_text]", text)
    page.click("main form button[type=submit]")


def test_comments_on_draft_minutes_from_phones_survive_the_next_version(app, phone, live_server, factory,
                                                                         two_forums):
    a = two_forums["a"]
    efua = factory.member(a, "Efua Employer")
    chair = factory.member(a, "Kofi Chair", "chair")
    m = factory.meeting(a, member_ids=(two_forums["a_sec"]["id"], two_forums["a_member"]["id"], efua["id"]),
                        notify=True)
    _minutes(app, a, m["id"], BODY)
    hidden = factory.meeting(a, "Restricted meeting", member_ids=(two_forums["a_member"]["id"],), notify=True)
    _minutes(app, a, hidden["id"], BODY, visibility="restricted")
    base = f"{live_server}/t/forum-a/comments/minutes/{m['id']}"

    sign_in(phone, live_server, two_forums["a_member"]["email"])
    _comment(phone, base, 1, "Please name the observers.")
    _fits(phone)
    assert phone.goto(f"{live_server}/t/forum-a/comments/minutes/{hidden['id']}").status == 404
    _out(phone, live_server)
    sign_in(phone, live_server, efua["email"])
    _comment(phone, base, 3, "The employers abstained; please say so.")
    _out(phone, live_server)

    with app.app_context(), tenant_context(a):
        first, second = db.session.scalars(select(Comment.id).order_by(Comment.id)).all()
    sign_in(phone, live_server, two_forums["a_sec"]["email"])
    _answer(phone, live_server, first, "accepted")
    phone.wait_for_selector(f"#c-{first}")
    _answer(phone, live_server, second, "declined")
    phone.wait_for_selector("main .field-error")
    assert "Please give the reason for declining." in phone.inner_text("main")
    _fits(phone)
    _answer(phone, live_server, second, "declined", "The record shows no abstention.")
    phone.wait_for_selector(f"#c-{second}")
    _out(phone, live_server)

    with app.app_context(), tenant_context(a):
        meeting = db.session.get(Meeting, (a.id, m["id"]))
        outcomes.send_back_minutes(meeting, db.session.get(Member, (a.id, chair["id"])), "Add the budget.")
        outcomes.save_minutes(meeting, NEXT, False, "members")
        outcomes.circulate_minutes(meeting)
        db.session.commit()
    sign_in(phone, live_server, two_forums["a_member"]["email"])
    phone.goto(base)
    p1, p4 = phone.inner_text("#p-1"), phone.inner_text("#p-4")
    assert "Please name the observers." in p1 and "The paragraph changed" in p1 and "Taken in version 2" in p1
    assert "The employers abstained" in p4 and "The record shows no abstention." in p4
    assert "The paragraph changed" not in p4
    _fits(phone)
    assert [e for e in phone.errors if "status of 422" not in e and "status of 404" not in e] == []


def test_a_date_poll_answered_on_phones_marks_the_date_and_makes_the_meeting(app, phone, live_server, factory,
                                                                              two_forums):
    committee_id, people = poll_setup(app, factory, two_forums)
    sign_in(phone, live_server, two_forums["a_sec"]["email"])
    phone.goto(f"{live_server}/t/forum-a/polls/new")
    phone.fill("input[name=title]", "Plenary on the work plan")
    phone.select_option("select[name=committee_id]", value=str(committee_id))
    for n, day in enumerate(("2099-03-02", "2099-03-03", "2099-03-04"), start=1):
        phone.fill(f"input[name=slot{n}_day]", day)
        phone.fill(f"input[name=slot{n}_time]", "10:00")
    phone.fill("input[name=deadline_day]", "2099-02-20")
    phone.fill("input[name=deadline_time]", "17:00")
    _fits(phone)
    phone.click("main form button[type=submit]")
    phone.wait_for_selector(".poll-results")
    poll_url = phone.url
    _out(phone, live_server)
    # the workers cannot come on date 1; everyone on date 2
    for name, _c, _g in PEOPLE:
        sign_in(phone, live_server, people[name]["email"])
        phone.goto(poll_url)
        answers = ("no" if "Worker" in name else "yes", "yes", "no")
        for slot, answer in enumerate(answers):
            phone.locator("#my-answers fieldset").nth(slot).locator(f"input[value={answer}]").check()
        _fits(phone) if name == PEOPLE[0][0] else None
        phone.click("#my-answers button[type=submit]")
        phone.wait_for_selector("text=Your answers are recorded.")
        _out(phone, live_server)

    sign_in(phone, live_server, two_forums["a_sec"]["email"])
    phone.goto(poll_url)
    assert "Every core constituency can come" in phone.inner_text("#slot-2")
    assert "Every core constituency can come" not in phone.inner_text("#slot-1")
    assert "This date keeps every constituency" in phone.inner_text("#slot-2")
    _fits(phone)
    phone.click("#slot-2 button:has-text('Make the meeting on this date')")
    phone.wait_for_url("**/meetings/*")
    with app.app_context(), tenant_context(two_forums["a"]):
        poll = db.session.scalar(select(DatePoll))
        assert poll.status == "scheduled" and poll.meeting_id is not None
    assert phone.errors == []
