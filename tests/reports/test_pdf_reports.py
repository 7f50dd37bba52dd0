"""Every PDF report, in English, French and Hausa, read back with poppler's pdftotext (issue 22): its labels and chart
titles in the reader's language, statuses in words (never a code such as ``in_progress``), Hausa's hooked letters,
page numbers; the annual report has a cover with its period and date of issue, and the text of the forum's
decisions."""
from __future__ import annotations

import subprocess
from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import update

from tenants.rls import tenant_context
from webapp.core import content
from webapp.extensions import db
from webapp.meetings.models import Invitation, Meeting
from webapp.members.models import Member

DECISION = "Map hazardous tasks with the district assemblies."
DECISION_HA = "Ƙayyade ayyuka masu haɗari tare da majalisun gundumomi."  # its translation, given by the secretariat
HOOKED = set("ɓɗƙƴƁƊƘƳ")


@pytest.fixture
def year_of_work(app, factory, two_forums):
    """Forum A: a held public plenary of six people (three women) with a public decision, and a public action plan
    with one objective and an item under way."""
    from webapp.actions import services as actions
    from webapp.meetings.outcomes import services as outcomes

    tenant = two_forums["a"]
    people = [factory.member(tenant, f"Person {c}", "member", account=False) for c in "ABCDEF"]
    m = factory.meeting(tenant, title="Quarterly plenary", days_ahead=-10, visibility="public", notify=True,
                        member_ids=tuple(p["id"] for p in people))
    with app.app_context(), tenant_context(tenant):
        for n, p in enumerate(people):
            db.session.execute(update(Member).where(Member.id == p["id"]).values(
                gender="woman" if n % 2 else "man", constituency=("government", "workers", "employers")[n % 3]))
        db.session.execute(update(Invitation).values(attended=True))
        meeting = db.session.get(Meeting, (tenant.id, m["id"]))
        meeting.status = "held"
        decision = outcomes.save_decision(meeting, None, text=DECISION, agenda_item_id=None, visibility="public",
                                          policy_outcome=None, review_on=None, positions={})
        db.session.flush()
        content.set_translation("decision", decision.id, "text", "ha", DECISION_HA)
        content.set_translation("meeting", meeting.id, "title", "fr", "Plénière trimestrielle")
        plan = actions.save_plan(None, title="Plan of action", description=None, period_start=None,
                                 period_end=None, visibility="public")
        objective = actions.add_objective(plan, "Remove children from hazardous work")
        actions.save_item(plan, None, {"title": "Train labour inspectors", "objective_id": objective.id,
                                       "status": "in_progress", "baseline": 0, "target": 10, "current_value": 4,
                                       "visibility": "public"})
        db.session.commit()
        return {"meeting": m, "plan_id": plan.id, "year": m["start"].year}


def _text(path):
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _flat(s: str) -> str:
    """Without white space: a label wrapped in a narrow column still reads as itself."""
    return "".join(s.split())


KINDS = ("attendance_meeting", "attendance_period", "action_progress", "inclusion", "annual")


@pytest.mark.parametrize("locale", ["en", "fr", "ha"])
def test_every_pdf_report_reads_in_the_readers_language(app, two_forums, year_of_work, tmp_path, locale):
    from webapp.actions.forms import status_labels
    from webapp.reports import builders

    today = date.today()
    with app.test_request_context(), tenant_context(two_forums["a"]), force_locale(locale):
        tables = {
            "attendance_meeting": builders.attendance_meeting(year_of_work["meeting"]["id"], locale),
            "attendance_period": builders.attendance_period(today - timedelta(days=60), today, locale),
            "action_progress": builders.action_progress(year_of_work["plan_id"], locale),
            "inclusion": builders.inclusion(locale),
            "annual": builders.annual(year_of_work["year"], locale),
        }
        texts = {}
        for kind, table in tables.items():
            path = tmp_path / f"{kind}-{locale}.pdf"
            path.write_bytes(builders.to_pdf_bytes(table, "Forum A"))
            texts[kind] = _text(path)
        expect = {
            "attendance_meeting": [_("Name"), _("Constituency"), _("Present")],
            "attendance_period": [_("Meeting"), _("Committee"), _("Attended")],
            "action_progress": [_("Objective"), _("Status"), _("Progress per objective"),
                                str(status_labels()["in_progress"])],
            "inclusion": [_("Inclusion report"), _("Women's share among those present"), _("Meetings held"),
                          _("Membership by constituency and gender"), _("Checks per committee")],
            "annual": [_("Annual report %(year)d", year=year_of_work["year"]), _("Decisions"),
                       DECISION_HA if locale == "ha" else DECISION,
                       "Plénière trimestrielle" if locale == "fr" else "Quarterly plenary",
                       _("Progress per objective"), _("Women's share among those present"),
                       _("Membership by constituency and gender"), _("Membership and inclusion"),
                       _("Webinar sessions"), _("Meetings held: %(held)d of %(planned)d planned", held=1, planned=1),
                       builders._span(date(year_of_work["year"], 1, 1), date(year_of_work["year"], 12, 31), locale)],
        }
        pages = {kind: text.count("\f") for kind, text in texts.items()}
        numbers = {kind: _("Page %(page)s of %(pages)s", page=pages[kind], pages=pages[kind]) for kind in KINDS}
        issued = _("Issued on %(date)s", date="").strip()
    if locale != "en":
        assert _flat(expect["inclusion"][1]) != "Women's share among those present"
    for kind in KINDS:
        text = _flat(texts[kind])
        for label in [*expect[kind], numbers[kind], issued]:
            assert _flat(label) in text, (kind, locale, label)
        assert "in_progress" not in text and "outcomes_published" not in text, (kind, locale)
    if locale == "ha":
        assert all(HOOKED & set(texts[kind]) for kind in ("action_progress", "inclusion", "annual")), texts["annual"]
    # the annual report opens on a cover: the title, the period and the date of issue on a page of their own
    cover = _flat(texts["annual"].split("\f")[0])
    assert _flat(expect["annual"][0]) in cover and _flat(issued) in cover and _flat(expect["annual"][2]) not in cover
    assert pages["annual"] >= 3


def test_long_tables_repeat_their_header_on_every_page_and_number_pages(app, tmp_path):
    from webapp.reports.builders import Table, to_pdf_bytes

    rows = [[f"Person {n}", "A long organisation name that has to wrap inside its narrow column", "Workers"]
            for n in range(120)]
    with app.test_request_context(), force_locale("en"):
        table = Table(title="Roll", subtitle="", header=["Name", "Organisation heading", "Constituency"], rows=rows)
        path = tmp_path / "long.pdf"
        path.write_bytes(to_pdf_bytes(table, "Forum A"))
    pages = _text(path).split("\f")[:-1]
    assert len(pages) >= 3
    for n, page in enumerate(pages, start=1):
        assert "Organisation heading" in page and f"Page {n} of {len(pages)}" in page, n


def test_the_demo_forums_reports_build(app, databases, tmp_path):
    """On the demo's real data (averages of days arrive as Decimal), every report of every demo forum builds."""
    from sqlalchemy import select

    from tenants.models import Tenant
    from webapp import demo
    from webapp.actions.models import ActionPlan
    from webapp.reports import builders

    with app.app_context():
        demo.load()
        tenants = list(db.session.scalars(select(Tenant)))
    today = date.today()
    for tenant in tenants:
        with app.test_request_context(), force_locale("en"), tenant_context(tenant):
            plan = db.session.scalar(select(ActionPlan.id))
            meeting = db.session.scalar(select(Meeting.id).where(Meeting.status == "outcomes_published"))
            tables = [builders.annual(today.year, "en"), builders.inclusion("en"),
                      builders.action_progress(plan, "en"), builders.attendance_meeting(meeting, "en"),
                      builders.attendance_period(today - timedelta(days=365), today, "en")]
            for n, table in enumerate(tables):
                path = tmp_path / f"{tenant.slug}-{n}.pdf"
                path.write_bytes(builders.to_pdf_bytes(table, tenant.name))
                assert "Page 1 of" in _text(path), (tenant.slug, table.title)


def test_the_embedded_font_has_hausas_hooked_letters():
    """The PDF's font (DejaVu Sans from Debian's fonts-dejavu-core) draws ɓ ɗ ƙ ƴ and their capitals, not boxes."""
    from fontTools.ttLib import TTFont

    from webapp.reports import pdf

    cmap = TTFont(pdf.font()).getBestCmap()
    assert all(ord(c) in cmap for c in HOOKED)
