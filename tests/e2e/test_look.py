"""Browser (issue 20, "A look of its own"; issue 22, statuses): twelve pages at 360 px.

On every page: axe finds no serious or critical violation, nothing is wider than the screen, and no table
hides a column without a cue — a table either fits its box (stacked as cards on a phone) or sits in a
scrollable region that says so (role="region", tabindex="0", a name, and a visible "scroll sideways" cue
that aria-describedby points at). The header is compact on a phone and full on a wide screen, without
JavaScript. Check statuses differ by colour *and* by icon.

BARAZA_SCREENSHOTS=<folder> keeps screenshots at 360 and 1280 px of a few pages.
"""
from __future__ import annotations

import os
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.conftest import PASSWORD
from tests.e2e.test_public import AXE
from tests.home.test_home import build_forum, set_meeting
from tests.public.test_public import publish
from webapp.actions import services as actions
from webapp.extensions import db
from webapp.meetings import services as meetings
from webapp.meetings.models import Invitation
from webapp.members import services as roll
from webapp.members.models import Member

pytestmark = pytest.mark.e2e
PHONE = {"width": 360, "height": 740}
WIDE = {"width": 1280, "height": 800}

# What a table looks like to a person: does every cell show inside its box, and if not, does the box say so?
TABLES = """() => {
  const named = el => (el.getAttribute('aria-label') || '').trim() ||
    (el.getAttribute('aria-labelledby') || '').split(/\\s+/).map(id => document.getElementById(id))
      .filter(Boolean).map(e => e.textContent.trim()).join(' ');
  const visible = el => { if (!el) return false; const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const out = [];
  for (const t of document.querySelectorAll('table')) {
    if (!visible(t)) continue;
    let box = t.parentElement;  // the nearest box that clips sideways: the table itself or an ancestor
    for (let el = t; el && el !== document.body; el = el.parentElement) {
      const ox = getComputedStyle(el).overflowX;
      if (ox !== 'visible') { box = el; break; }
      if (el.parentElement === document.body) box = null;
    }
    const limit = box ? box.getBoundingClientRect().left + box.clientWidth : document.documentElement.clientWidth;
    const left = t.getBoundingClientRect().left;
    let right = left;
    const shown = c => {  // not inside a visually hidden part (a 1 px box that clips, as a hidden thead)
      for (let el = c; el && el !== t; el = el.parentElement) {
        const s = getComputedStyle(el);
        if (s.display === 'none' || (s.overflow !== 'visible' && el.getBoundingClientRect().width <= 1)) return false;
      }
      return true;
    };
    for (const c of t.querySelectorAll('th, td')) if (shown(c)) right = Math.max(right, c.getBoundingClientRect().right);
    const hides = right > limit + 1;
    const cue = box && box.getAttribute('aria-describedby') ?
      document.getElementById(box.getAttribute('aria-describedby')) : null;
    out.push({id: t.id || '(no id)', width: Math.round(right - left), box: box ? Math.round(box.clientWidth) : null,
              hides, region: !!box && box.getAttribute('role') === 'region', focusable: !!box && box.tabIndex === 0,
              name: box ? named(box) : '', cue: visible(cue) ? cue.textContent.trim() : ''});
  }
  return out;
}"""


def axe_serious(page) -> list[str]:  # noqa: ANN001 - a Playwright page
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes)" for v in result["violations"]
            if v["impact"] in ("serious", "critical")]


def table_problems(name: str, tables: list[dict]) -> list[str]:
    problems = []
    for t in tables:
        if (name, t["id"]) in TOLERATED:
            continue
        if t["hides"] and not (t["region"] and t["focusable"] and t["name"] and t["cue"]):
            problems.append(f"table #{t['id']} is {t['width']} px in a {t['box']} px box: region={t['region']} "
                            f"tabindex0={t['focusable']} name={t['name']!r} cue={t['cue']!r}")
    return problems


def build(app, factory, two_forums) -> dict:  # noqa: ANN001
    """A forum with everything the twelve pages show: meetings and answers, a roll of organisations, a plan with
    actions (long titles, owners from organisations), a public meeting with published outcomes, an RSVP link."""
    data = build_forum(app, factory, two_forums)  # the member's home: next meetings, waiting items, outcomes
    a = two_forums["a"]
    people = [factory.member(a, name, "member", account=False) for name in (
        "Mariam Alhassan-Abubakar", "Kojo Mensah", "Esther Nakitende", "Jean-Baptiste Kalala Mwamba",
        "Fatima Bello", "Thomas Owusu-Ansah")]
    with app.app_context(), tenant_context(a):
        orgs = [roll.save_organisation(None, name=name, acronym=acronym, constituency=c, country="GH") for
                name, acronym, c in (
                    ("Ghana National Association of Small Scale Miners", "GNASSM", "asm_miners"),
                    ("Ghana Mine Workers Union", None, "workers"),
                    ("Minerals Commission of Ghana", "MinCom", "government"),
                    ("Ghana Employers Association", "GEA", "employers"))]
        genders = ("woman", "man", "woman", "man", "woman", "undisclosed")
        for i, p in enumerate(people):
            roll.update_member(db.session.get(Member, (a.id, p["id"])),
                               {"organisation_id": orgs[i % len(orgs)].id, "gender": genders[i],
                                "role": ("member", "alternate", "observer", "vice_chair", "member", "member")[i]})
        plan = actions.save_plan(None, title="National plan of action: mining component",
                                 description="Remove children from hazardous work at artisanal gold sites.",
                                 period_start=date(2026, 1, 1), period_end=date(2027, 12, 31), visibility="members")
        objective = actions.add_objective(plan, "Remove children from hazardous work")
        other_objective = actions.add_objective(plan, "Formalise artisanal mining cooperatives")
        today = date.today()
        for i, (title, status) in enumerate((
                ("Survey children working at the Obuasi and Tarkwa artisanal sites", "in_progress"),
                ("Train district labour officers on the hazardous work list", "planned"),
                ("Publish the hazardous work list in Twi, Ewe, Dagbani and Hausa", "done"),
                ("Open two community schools near the sites", "blocked"))):
            actions.save_item(plan, None, {
                "title": title, "status": status, "objective_id": (objective, other_objective)[i % 2].id,
                "owner_member_id": (people[i]["id"] if i else two_forums["a_member"]["id"]),
                "owner_organisation_id": orgs[i].id, "due_on": today + timedelta(days=30 * i - 10),
                "baseline": 0, "target": 100, "current_value": 25 * i})
        db.session.commit()
        plan_id = plan.id
    public = factory.meeting(a, title="Public consultation on mercury-free gold processing", visibility="public",
                             notify=True, days_ahead=-3, member_ids=tuple(p["id"] for p in people[:4]))
    publish(app, a, public["id"], "The forum adopted the list of hazardous tasks in artisanal gold mining.",
            [("Adopt the hazardous work list", "public")])
    with app.app_context(), tenant_context(a):  # the public decision sent to a ministry, answered twice (issue 41)
        from webapp.meetings.models import Decision
        from webapp.meetings.recommendations import services as recommendations

        d = db.session.scalar(select(Decision).where(Decision.meeting_id == public["id"]))
        rec = recommendations.save_recommendation(
            d, addressee="Ministry of Employment and Labour Relations", addressee_kind="ministry",
            transmitted_on=date(2026, 3, 2), letter_url="https://example.org/letter.pdf", follow_up_on=None)
        for status, day in (("under_consideration", date(2026, 4, 1)), ("partly_accepted", date(2026, 9, 1))):
            recommendations.add_answer(rec, status=status, answered_on=day, document_url=None,
                                       summary="The ministry will publish the list in the regions with licensed mines.")
        db.session.commit()
        data["decision_id"] = d.id
    upcoming = factory.meeting(a, title="Quarterly plenary of the national steering committee", visibility="public",
                               notify=True, days_ahead=12,
                               member_ids=(two_forums["a_member"]["id"], *(p["id"] for p in people)))
    set_meeting(app, a, upcoming["id"], interpretation_languages=["fr", "ha"])
    with app.app_context(), tenant_context(a):
        inv = db.session.scalar(select(Invitation).where(Invitation.meeting_id == upcoming["id"],
                                                         Invitation.member_id == two_forums["a_member"]["id"]))
        token = meetings.rsvp_token(a.id, inv.id, inv.member_id)
        for other in db.session.scalars(select(Invitation).where(Invitation.meeting_id == upcoming["id"],
                                                                 Invitation.member_id != inv.member_id)).all()[:3]:
            other.rsvp, other.support, other.support_status = "yes", "interpretation", "requested"
        db.session.commit()
    with app.app_context():  # a number that texts a lot: the Messages page's busiest numbers (issue 31)
        from webapp.notices.sms.models import SmsInbound

        db.session.add_all([SmsInbound(message_id=f"look-{i}", phone=f"+23320123459{i % 2}", body="STOP",
                                       tenant_id=a.id, outcome="stop", answered=i < 2) for i in range(9)])
        db.session.commit()
    data.update(plan_id=plan_id, public=public, upcoming=upcoming, rsvp_token=token)
    return data


def pages(data: dict) -> list[tuple[str, str | None, str]]:
    """(name, who signs in — None for an anonymous visitor, path)."""
    t = "/t/forum-a"
    return [
        ("home", "member", f"{t}/"),
        ("my-actions", "member", f"{t}/actions/mine"),
        ("account", "member", "/account"),
        # its sections are <details> (issue 21): the invitees' open, so that their table is checked too
        ("meeting", "secretariat", f"{t}/meetings/{data['upcoming']['id']}?open=invitees"),
        ("plan", "secretariat", f"{t}/actions/plans/{data['plan_id']}"),
        ("roll", "secretariat", f"{t}/members/"),
        ("dashboard", "secretariat", f"{t}/inclusion/"),
        ("directory", None, "/"),
        ("public-home", None, f"{t}/public/"),
        ("public-meeting", None, f"{t}/public/meetings/{data['upcoming']['id']}"),
        ("outcome", None, f"{t}/public/outcomes/{data['public']['id']}"),
        ("sign-in", None, "/login"),
        ("rsvp", None, f"{t}/meetings/rsvp/{data['rsvp_token']}"),
        # the pages of issues 21-27
        ("past-meetings", "secretariat", f"{t}/meetings/past"),
        ("change-log", "secretariat", f"{t}/members/audit"),
        ("translation-queue", "secretariat", f"{t}/meetings/translations/ha"),
        ("translator", "secretariat", f"{t}/meetings/{data['upcoming']['id']}/translate/ha"),
        ("messages", "secretariat", f"{t}/messages/"),
        ("affiliates", "secretariat", f"{t}/federation/"),
        ("announcements", "member", f"{t}/notices/announcements"),
        # issue 41: what became of the recommendations, and the secretariat's page for one
        ("recommendations", None, f"{t}/public/recommendations/"),
        ("recommendation", "secretariat",
         f"{t}/meetings/{data['public']['id']}/decisions/{data['decision_id']}/recommendation"),
    ]


# No table is tolerated any more: the meeting page's invitees are stacked cards too (meetings/show.html).
TOLERATED: set[tuple[str, str]] = set()


def sign_in(page, live_server: str, email: str) -> None:  # noqa: ANN001
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def measure(page) -> dict:  # noqa: ANN001
    tables = page.evaluate(TABLES)
    return {"width": page.evaluate("document.documentElement.scrollWidth"),
            "header": round(page.evaluate("document.querySelector('header.site').getBoundingClientRect().height")),
            "tables": tables, "axe": axe_serious(page)}


def visit_all(browser, live_server: str, data: dict, emails: dict, viewport: dict, shots: str | None,  # noqa: ANN001
              only: tuple[str, ...] = ()) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for who in ("member", "secretariat", None):
        context = browser.new_context(viewport=viewport, bypass_csp=True, device_scale_factor=1,
                                      is_mobile=viewport is PHONE, has_touch=viewport is PHONE)
        page = context.new_page()
        try:
            if who:
                sign_in(page, live_server, emails[who])
            for name, reader, path in pages(data):
                if reader != who or (only and name not in only):
                    continue
                response = page.goto(f"{live_server}{path}")
                assert response.status == 200, (name, response.status)
                found[name] = measure(page)
                if shots:  # the first 2400 px of the page: enough to look at, small enough to open
                    height = min(page.evaluate("document.documentElement.scrollHeight"), 2400)
                    page.screenshot(path=f"{shots}/{name}-{viewport['width']}.png", full_page=True,
                                    clip={"x": 0, "y": 0, "width": viewport["width"], "height": height})
        finally:
            context.close()
    return found


def test_twelve_pages_at_360_px_pass_axe_fit_the_screen_and_hide_no_column(app, browser, live_server, factory,
                                                                            two_forums):
    data = build(app, factory, two_forums)
    emails = {"member": two_forums["a_member"]["email"], "secretariat": two_forums["a_sec"]["email"]}
    found = visit_all(browser, live_server, data, emails, PHONE, os.environ.get("BARAZA_SCREENSHOTS"))
    failures = {}
    for name, m in found.items():
        print(f"{name}: width {m['width']} px, header {m['header']} px, axe {m['axe']}, tables "
              + ", ".join(f"#{t['id']} {t['width']}/{t['box']} px{' (cue)' if t['cue'] else ''}"
                          for t in m["tables"]))
        problems = m["axe"] + table_problems(name, m["tables"]) + ([f"page is {m['width']} px wide"] if m["width"] > PHONE["width"] else [])
        if problems:
            failures[name] = problems
    assert set(found) == {name for name, _who, _path in pages(data)}
    assert failures == {}


def test_on_a_wide_screen_tables_show_every_column_and_pages_pass_axe(app, browser, live_server, factory,
                                                                     two_forums):
    data = build(app, factory, two_forums)
    emails = {"member": two_forums["a_member"]["email"], "secretariat": two_forums["a_sec"]["email"]}
    found = visit_all(browser, live_server, data, emails, WIDE, os.environ.get("BARAZA_SCREENSHOTS"),
                      only=("home", "plan", "roll", "dashboard", "sign-in", "public-home"))
    for name, m in found.items():
        print(f"{name} at 1280: width {m['width']} px, header {m['header']} px, axe {m['axe']}")
        assert m["width"] <= WIDE["width"] and m["axe"] == [], (name, m)
        assert [t for t in m["tables"] if t["hides"]] == [], (name, m["tables"])  # nothing scrolls: room enough


def test_the_header_is_compact_on_a_phone_and_full_on_a_wide_screen_without_javascript(browser, live_server,
                                                                                        two_forums):
    """On a phone the header is one line (the forum's name and a Menu that opens the navigation, a <details>);
    on a wide screen every link shows and the Menu does not. JavaScript off: it is CSS."""
    for viewport in (PHONE, WIDE):
        context = browser.new_context(viewport=viewport, java_script_enabled=False)
        page = context.new_page()
        try:
            sign_in(page, live_server, two_forums["a_sec"]["email"])
            header = page.locator("header.site")
            nav = header.locator("nav#site-nav")
            menu = header.locator("details.menu > summary")
            assert header.locator("a", has_text="Forum A").first.is_visible()
            if viewport is PHONE:
                assert header.bounding_box()["height"] <= 64, header.bounding_box()
                assert menu.is_visible() and not nav.is_visible()
                menu.click()
                assert nav.is_visible()
                for text in ("Meetings", "Actions", "Members", "Inclusion", "My account", "Sign out"):
                    assert header.get_by_text(text, exact=True).is_visible(), text
                assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
                page.click("header.site a:has-text('Members')")
                page.wait_for_url("**/members/")
                assert not page.locator("header.site nav#site-nav").is_visible()  # closed again on the next page
            else:
                assert not menu.is_visible() and nav.is_visible()
                assert header.bounding_box()["height"] <= 80, header.bounding_box()
                for text in ("Meetings", "Actions", "Members", "Inclusion", "My account", "Sign out"):
                    assert header.get_by_text(text, exact=True).is_visible(), text
        finally:
            context.close()


STATUS_LOOK = """() => [...document.querySelectorAll('ul.checks li.check')].map(li => {
  const badge = li.querySelector('.badge'), b = getComputedStyle(badge), before = getComputedStyle(badge, '::before');
  return {status: [...li.classList].find(c => c !== 'check'), border: getComputedStyle(li).borderLeftColor,
          colour: b.color, background: b.backgroundColor, icon: before.content, word: badge.textContent.trim()};
})"""


def contrast(fg: str, bg: str) -> float:
    def lum(rgb: str) -> float:
        parts = [float(x) for x in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
        lin = [(c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in parts]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(fg), lum(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_ok_warning_and_problem_differ_by_colour_and_icon_everywhere_checks_appear(app, browser, live_server,
                                                                                    factory, two_forums):
    """Issue 22: ok, warning and problem rendered identically (every border grey, plain outlined badges). Each now
    has its own colour (border and badge, AA contrast) and its own icon, beside the word — on the dashboard, the
    roll and the plan."""
    data = build(app, factory, two_forums)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        seen: dict[str, dict] = {}
        for path in ("/t/forum-a/inclusion/", "/t/forum-a/members/", f"/t/forum-a/actions/plans/{data['plan_id']}"):
            page.goto(f"{live_server}{path}")
            looks = page.evaluate(STATUS_LOOK)
            assert looks, path
            for look in looks:
                key = look["status"]
                look = {k: v for k, v in look.items() if k != "status"}
                assert seen.setdefault(key, look) == look, (path, key)  # the same status looks the same everywhere
        assert {"ok", "warn", "fail"} <= set(seen), seen
        for status, look in seen.items():
            assert look["icon"] not in ("none", "normal", '""'), (status, look)
            assert contrast(look["colour"], look["background"]) >= 4.5, (status, look)
        for one, other in ((s, t) for s in seen for t in seen if s < t):
            assert seen[one]["border"] != seen[other]["border"], (one, other)
            assert seen[one]["background"] != seen[other]["background"], (one, other)
            assert seen[one]["icon"] != seen[other]["icon"], (one, other)
            assert seen[one]["word"] != seen[other]["word"], (one, other)
    finally:
        context.close()


def test_one_light_theme_even_when_the_phone_prefers_dark(browser, live_server, two_forums):
    """Pico switches to its dark theme on a dark preference; Baraza keeps the one theme whose contrast is checked."""
    context = browser.new_context(viewport=PHONE, color_scheme="dark", bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/login")
        look = page.evaluate("""() => ({html: getComputedStyle(document.documentElement).backgroundColor,
          body: getComputedStyle(document.body).color,
          button: getComputedStyle(document.querySelector('#login button[type=submit]')).backgroundColor})""")
        assert look == {"html": "rgb(255, 255, 255)", "body": "rgb(31, 41, 51)", "button": "rgb(31, 95, 74)"}, look
        assert axe_serious(page) == []
    finally:
        context.close()
