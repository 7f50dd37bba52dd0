"""A forum's public pages: no sign-in, no cookie, no CSRF token; language from ?lang= or Accept-Language."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, Response, abort, has_request_context, make_response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from tenants.context import current_tenant
from webapp.actions import queries as actions
from webapp.actions.initiatives import queries as initiative_queries
from webapp.actions.initiatives.forms import status_labels as initiative_status_labels
from webapp.actions.visibility import Reader
from webapp.consultations import queries as consultation_queries
from webapp.consultations import services as consultations
from webapp.core import content, languages, licences
from webapp.core.downloads import download_response
from webapp.core.public_contact import public_contact
from webapp.core.rendering import render
from webapp.core.zones import forum_today
from webapp.meetings import calendars, queries
from webapp.meetings.outcomes import queries as outcome_queries
from webapp.meetings.recommendations import queries as rec_queries
from webapp.meetings.recommendations.forms import kind_labels, status_labels
from webapp.proposals import queries as proposal_queries
from webapp.public import cache as page_cache
from webapp.public import queries as public
from webapp.recordings import queries as recording_queries
from webapp.recordings.forms import purpose_labels
from webapp.registrations import queries as registrations
from webapp.reports import services as reports
from webapp.suggestions import queries as suggestion_queries

bp = Blueprint("public", __name__, url_prefix="/public", template_folder="templates")
page_cache.install(bp)  # anonymous pages from Redis by the forum's content version (issue 23)


@bp.url_defaults
def keep_language(_endpoint: str, values: dict[str, Any]) -> None:
    """A language chosen with ?lang= sticks from public page to public page (public pages set no cookie): every
    public URL built while answering a public request that named a language carries it."""
    if has_request_context() and request.blueprint == "tenant.public" and "lang" not in values:
        lang = request.args.get("lang")
        if languages.is_content(lang):  # the interface's five and the forum's working languages
            values["lang"] = lang


@bp.app_context_processor
def open_data_helpers() -> dict[str, object]:
    """The forum's data licence, for the public pages' open-data section (public/_open_data.html)."""
    return {"data_licence": lambda: licences.of(current_tenant()),
            "secretariat_contact": lambda: public_contact(current_tenant())}


HOME_OUTCOMES = 20  # the newest on the forum's home; every one has its own page and is in the archive
ARCHIVE_PAGE = 50


def cacheable(response: Response, last_modified: datetime | None = None) -> Response:
    """ETag and Last-Modified for anonymous visitors, so a phone on a slow network revalidates cheaply. The
    language comes from the browser's Accept-Language, so shared caches must keep one copy per language."""
    response.vary.add("Accept-Language")
    if current_user.is_authenticated:
        response.headers["Cache-Control"] = "private, no-cache"
        return response
    response.last_modified = last_modified or public.last_modified()
    etag = page_cache.version_etag()  # the page's content version: a 304 is answered before rendering
    if etag:
        response.set_etag(etag)
    else:
        response.add_etag()  # a hash of the body: the same page in the same language gives the same ETag
    response.headers["Cache-Control"] = "public, max-age=60"
    return response.make_conditional(request)


@bp.get("/")
def index() -> Response:
    """What the forum is, who sits on it, upcoming meetings, published outcomes, action progress."""
    locale = languages.content_locale()  # ?lang=tw: the forum's content in Twi (issue 46)
    published, more_outcomes = public.latest_outcomes(HOME_OUTCOMES)
    ids = [m.id for m, _n in published]
    upcoming = public.upcoming_meetings()
    meeting_text = content.translations("meeting", ids + [m.id for m in upcoming], locale)
    decisions, between = outcome_queries.public_decisions(ids), proposal_queries.decided(Reader.anyone())
    decision_ids = [d.id for ds in decisions.values() for d in ds] + [b.decision.id for b in between]
    plans = actions.plans(Reader.anyone(), forum_today())
    response = render(
        "public/index.html", published=published, meeting_text=meeting_text, decisions=decisions,
        decision_text=content.translations("decision", decision_ids, locale),
        positions=outcome_queries.positions(decision_ids), upcoming=upcoming, locale=locale, plans=plans,
        plan_items=actions.items_of_plans([p.id for p, _r in plans[:5]], Reader.anyone()),
        organisations=public.organisations_by_constituency(), names=public.consenting_names(),
        composition=public.composition(), scorecard=public.published_scorecard(),
        annual_reports=reports.public_reports(), webinars=public.webinar_schedule(), more_outcomes=more_outcomes,
        documents=public.documents_of([m.id for m in upcoming] + ids),
        between=between, consultations=consultation_queries.open_ones(), suggestions=suggestion_queries.published(),
        page_title=current_tenant().name)
    return cacheable(response)


def _outcome_context(published: list, locale: str) -> dict:
    ids = [m.id for m, _n in published]
    decisions = outcome_queries.public_decisions(ids)
    decision_ids = [d.id for ds in decisions.values() for d in ds]
    return {"published": published, "meeting_text": content.translations("meeting", ids, locale),
            "decisions": decisions, "decision_text": content.translations("decision", decision_ids, locale),
            "positions": outcome_queries.positions(decision_ids), "documents": public.documents_of(ids),
            "locale": locale}


@bp.get("/outcomes/")
def outcomes() -> Response:
    """Every published outcome, newest first, a page at a time: nothing falls off the public record."""
    locale = languages.content_locale()
    page = max(request.args.get("page", 1, type=int), 1)
    rows = outcome_queries.published(limit=ARCHIVE_PAGE + 1, offset=(page - 1) * ARCHIVE_PAGE)
    more, rows = len(rows) > ARCHIVE_PAGE, rows[:ARCHIVE_PAGE]
    if page > 1 and not rows:
        abort(404)
    response = render("public/outcomes.html", rows=rows, page=page, more=more, locale=locale,
                      meeting_text=content.translations("meeting", [m.id for m, _n in rows], locale),
                      page_title=_("Published outcomes"))
    return cacheable(response)


@bp.get("/outcomes/<int:meeting_id>")
def outcome(meeting_id: int) -> Response:
    """One meeting's published outcome: a permanent address for the feed, the press and the archive."""
    locale = languages.content_locale()
    published = outcome_queries.published(limit=1, meeting_id=meeting_id) or abort(404)
    context = _outcome_context(published, locale)
    m = published[0][0]
    response = render("public/outcome.html", m=m, minutes=published[0][1], **context,
                      recordings=recording_queries.of_meeting(m, Reader.anyone()),
                      recording_purposes=purpose_labels(),
                      page_title=context["meeting_text"].get((m.id, "title"), m.title))
    return cacheable(response)


@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int) -> Response:
    """An announced public meeting: when and where, its agenda and papers, and its outcomes once published. The
    public calendar links here."""
    locale = languages.content_locale()
    m = public.public_meeting(meeting_id) or abort(404)
    meeting_text = content.translations("meeting", [m.id], locale)
    papers = public.documents_of([m.id]).get(m.id, [])
    response = render("public/meeting.html", m=m, agenda=queries.agenda_rows(m, locale), meeting_text=meeting_text,
                      item_papers=_by_item(papers), locale=locale,
                      recordings=recording_queries.of_meeting(m, Reader.anyone()),
                      recording_purposes=purpose_labels(),
                      registration_open=registrations.open_meeting(m.id) is not None,
                      page_title=meeting_text.get((m.id, "title"), m.title))
    return cacheable(response, last_modified=public.meeting_last_modified(m))


def _by_item(papers: list[Any]) -> dict[int | None, list[Any]]:
    """Papers under their agenda item; those of the whole meeting under None."""
    out: dict[int | None, list[Any]] = {}
    for d in papers:
        out.setdefault(d.agenda_item_id, []).append(d)
    return out


@bp.get("/meetings/<int:meeting_id>/documents/<int:doc_id>")
def document(meeting_id: int, doc_id: int) -> Response:
    """A paper of an announced public meeting: documents follow their meeting's visibility."""
    doc = public.public_document(meeting_id, doc_id) or abort(404)
    return cacheable(download_response(doc.data, doc.filename, doc.content_type))


@bp.get("/evidence/<int:evidence_id>")
def evidence(evidence_id: int) -> Response:
    """A photo or document the secretariat published after its check (issue 40); an unpublished one is a 404."""
    ev = actions.published_evidence(evidence_id) or abort(404)
    return cacheable(download_response(ev.data, ev.filename, ev.content_type))


@bp.get("/reports/<int:report_id>")
def report(report_id: int) -> Response:
    """A published annual report (built from public information only)."""
    found = next((r for r in reports.public_reports() if r.id == report_id), None) or abort(404)
    return cacheable(download_response(
        found.file, found.filename, "application/pdf" if found.format == "pdf" else "text/csv; charset=utf-8"))


@bp.get("/calendar.ics")
def calendar() -> Response:
    """The forum's public meetings as a calendar anyone can subscribe to."""
    return cacheable(download_response(calendars.public_feed(), "meetings.ics", "text/calendar; charset=utf-8",
                                       inline=True))


@bp.get("/feed.atom")
def feed() -> Response:
    """Atom feed of notices of public meetings and their published outcomes."""
    locale = languages.content_locale()
    entries = public.feed_entries()
    # a feed is a whole document, whoever asks (an HX-Request header must not ask for a "fragment" of it)
    response = make_response(render_template("public/feed.xml", entries=entries, updated=public.last_modified(),
                                     text=content.translations("meeting", [m.id for m in entries], locale),
                                     title=_("%(forum)s: notices and outcomes", forum=current_tenant().name)))
    response.headers["Content-Type"] = "application/atom+xml; charset=utf-8"
    return cacheable(response)


@bp.get("/recommendations/")
def recommendations() -> Response:
    """What became of the forum's recommendations: to whom, when, each answer, totals per addressee and per year
    (issue 41). Only what an anonymous reader may see (webapp/core/visibility.py)."""
    response = render("public/recommendations.html",
                      ledger=rec_queries.ledger(Reader.anyone(), languages.content_locale()),
                      kind_labels=kind_labels(), status_labels=status_labels(),
                      page_title=_("What became of our recommendations"))
    return cacheable(response)


@bp.get("/initiatives/")
def initiatives() -> Response:
    """Who does what where: the initiatives of the register the forum made public (issue 41)."""
    response = render("public/initiatives.html", entries=initiative_queries.register(Reader.anyone()),
                      status_labels=initiative_status_labels(), page_title=_("Who does what where"))
    return cacheable(response)


@bp.get("/consultations/<int:consultation_id>")
def consultation(consultation_id: int) -> Response:
    """A draft put out for public comment (issue 42): the text, the questions, the published comments only, and at
    the close "what we heard" beside the final version. The same bytes for every visitor: the forms that set a
    cookie are on pages of their own (webapp/consultations/public_views.py)."""
    c = consultation_queries.public_consultation(consultation_id) or abort(404)
    t = consultation_queries.in_language(c, languages.content_locale(), current_tenant().default_locale)
    response = render("public/consultation.html", c=c, t=t, is_open=consultations.is_open(c),
                      paragraphs=consultation_queries.paragraphs(c.text),
                      comments=consultation_queries.published(c, Reader.anyone()),
                      heard=consultation_queries.rendered(t["heard"]),
                      final=consultation_queries.rendered(t["final_text"]) if t["final_text"] else None,
                      page_title=t["title"])
    return cacheable(response)
