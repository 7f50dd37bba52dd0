"""Meetings: list, plan, page, agenda builder, documents, notice, calendars (invitees, guests, RSVP: invitations/)."""
from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from tenants.context import current_tenant
from webapp.core import confirm, content, handlers, languages, qr
from webapp.core import visibility as vis
from webapp.core.downloads import download_response
from webapp.core.forms import CONTROL_MESSAGE, ONE_LINE_MESSAGE
from webapp.core.paging import page_number
from webapp.core.permissions import current_member, may_manage, may_translate, require
from webapp.core.public_contact import public_contact
from webapp.core.rendering import render, wants_fragment
from webapp.core.urls import absolute_url
from webapp.core.visibility import Reader, current_reader
from webapp.core.zones import forum_zone
from webapp.meetings import calendars, forms, page, queries, refusals, services, translation
from webapp.meetings.models import Meeting
from webapp.meetings.outcomes.forms import position_labels
from webapp.meetings.permissions import may_manage_meetings, sees_restricted
from webapp.members import queries as member_queries
from webapp.notices.sms import cost as sms_cost
from webapp.notices.sms import sentences as sms_sentences

bp = Blueprint("meetings", __name__, url_prefix="/meetings", template_folder="templates")
PAST_ON_INDEX = 10  # the latest past meetings on the list; every one of them, a page at a time, on /meetings/past


@bp.app_context_processor
def meeting_labels() -> dict[str, object]:
    return {"meeting_kind_labels": forms.kind_labels(), "visibility_labels": forms.visibility_labels(),
            "agenda_kind_labels": forms.agenda_kind_labels(), "support_labels": forms.support_labels(),
            "part_labels": forms.part_labels(), "translatable_labels": forms.translatable_labels(),
            "status_label": forms.status_label, "rsvp_label": forms.rsvp_label, "my_rsvp_label": forms.my_rsvp_label,
            "support_status_label": forms.support_status_label, "position_labels": position_labels()}


def _staff() -> bool:
    return sees_restricted()


def _meeting_or_404(meeting_id: int):  # noqa: ANN202
    return handlers.load(queries.meeting, meeting_id)


def _error(e: services.MeetingError) -> str:
    return {"before_start": _("The meeting must end after it starts."),
            "type": _("This kind of file is not accepted. Use PDF, Word, Excel, PowerPoint, OpenDocument, PNG, "
                      "JPEG, text or CSV."),
            "size": _("The file is larger than 5 MB."),
            "empty": _("The file is empty."),
            "not_working": _("Please choose one of the forum's working languages (Settings → Languages and time)."),
            "pair": _("Write each pair as two language codes, from > into, e.g. tw > en."),
            "same_language": _("A version in another language must be written in another language than its "
                               "original."),
            "cancelled": _("This meeting is cancelled."),
            "control_characters": str(ONE_LINE_MESSAGE),
            "control_characters_text": str(CONTROL_MESSAGE)}.get(e.code, _("Please check this value."))


@bp.get("/")
@require()
def index() -> Response:
    committee = request.args.get("committee", type=int)
    return render("meetings/index.html", upcoming=queries.meetings(_staff(), committee, upcoming=True),
                  past=queries.meetings(_staff(), committee, upcoming=False, limit=PAST_ON_INDEX),
                  committee=committee,
                  may_plan=may_manage_meetings(),
                  committees=member_queries.committees(), tz=forum_zone(),
                  page_title=_("Meetings"))


def _form_with_choices(form: forms.MeetingForm) -> forms.MeetingForm:
    form.fill_choices(member_queries.committees(), languages.working())
    return form


def _translation_fields() -> list[str]:
    return languages.working()


def _values(form: forms.MeetingForm) -> dict:
    return {"title": form.title.data, "committee_id": form.committee_id.data, "kind": form.kind.data,
            "start_at": services.local_to_utc(form.day.data, form.start_time.data),
            "end_at": services.local_to_utc(form.end_day.data or form.day.data, form.end_time.data),
            "venue": form.venue.data or None,
            "online_link": form.online_link.data or None,
            "online_link_public": bool(form.online_link_public.data), "language": form.language.data,
            "interpretation_languages": form.interpretation_languages.data or [],
            "interpretation_pairs": form.interpretation_pairs.data or [],
            "expected_outputs": form.expected_outputs.data or None, "visibility": form.visibility.data}


def _translations_from_request(language: str) -> dict[tuple[str, str], str]:
    return {(field, lc): request.form.get(f"{field}_{lc}", "") for lc in _translation_fields() if lc != language
            for field in ("title", "expected_outputs")}


def _meeting_form(m) -> forms.MeetingForm:  # noqa: ANN001
    """The meeting form with its choices; on GET, filled from the meeting (times in the forum's zone) or,
    for a new one, with the forum's language and the committee asked for in the link."""
    form = _form_with_choices(forms.MeetingForm(obj=m) if m and request.method == "GET" else forms.MeetingForm())
    if m and request.method == "GET":
        tz = forum_zone()
        form.day.data = m.start_at.astimezone(tz).date()
        form.start_time.data = m.start_at.astimezone(tz).time()
        form.end_time.data = m.end_at.astimezone(tz).time()
        if m.end_at.astimezone(tz).date() != form.day.data:
            form.end_day.data = m.end_at.astimezone(tz).date()
    if request.method == "GET" and not m:
        form.language.data = current_tenant().default_locale
        form.committee_id.data = request.args.get("committee", type=int)
    return form


@bp.route("/new", methods=["GET", "POST"], defaults={"meeting_id": None})
@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@require(may_manage)
def edit(meeting_id: int | None) -> Response | WzResponse:
    m = _meeting_or_404(meeting_id) if meeting_id else None
    form = _meeting_form(m)
    if saved := _saved(form, lambda values, translations: services.save_meeting(m, values, translations),
                       _("Saved.")):
        return saved
    translations = content.all_translations("meeting", m.id) if m else {}
    return render("meetings/form.html", form=form, m=m, status=handlers.status(form), translations=translations,
                  other_locales=[lc for lc in _translation_fields() if lc != (form.language.data or "")],
                  page_title=m.title if m else _("Plan a meeting"))


def _saved(form: forms.MeetingForm, save: Callable[[dict, dict], Meeting], message: str) -> WzResponse | None:
    """The meeting form handed to ``save`` (a service taking its values and the translations typed with it): once
    saved, ``message`` and the saved meeting's page; None while the form is shown (again)."""
    done = handlers.submit(form, lambda: save(_values(form), _translations_from_request(form.language.data)),
                           services.MeetingError, lambda e: _show_error(form, e))
    if not done:
        return None
    flash(message)
    return redirect(url_for(".show", meeting_id=done.result.id), 303)


def _show_error(form: forms.MeetingForm, e: services.MeetingError) -> None:
    """A service's refusal under the field it concerns (the title's when it names no field of the form)."""
    getattr(form, {"end": "end_time"}.get(e.field, e.field), form.title).errors = [_error(e)]


def _duplicate_form(source) -> forms.MeetingForm:  # noqa: ANN001
    """The meeting form filled from ``source`` on GET: what it says, and a day to check (the usual interval on)."""
    form = _meeting_form(source if request.method == "GET" else None)
    if request.method == "GET":
        tz = forum_zone()
        days = source.end_at.astimezone(tz).date() - source.start_at.astimezone(tz).date()
        form.title.data, form.day.data = source.title, queries.suggested_day(source)
        form.end_day.data = form.day.data + days if days.days else None
    return form


@bp.route("/<int:meeting_id>/duplicate", methods=["GET", "POST"])
@require(may_manage)
def duplicate(meeting_id: int) -> Response | WzResponse:
    """The next meeting from this one: a new draft with its agenda and invitees (services.duplicate_meeting)."""
    source = _meeting_or_404(meeting_id)
    form = _duplicate_form(source)
    if saved := _saved(form, lambda values, translations: services.duplicate_meeting(source, values, translations),
                       _("The new meeting is saved as a draft, with the agenda and invitees of the one before.")):
        return saved
    return render("meetings/form.html", form=form, m=None, source=source, translations={}, other_locales=[],
                  status=handlers.status(form), page_title=_("Plan the next meeting"))


@bp.route("/<int:meeting_id>/delete", methods=["GET", "POST"])
@require(may_manage)
def delete(meeting_id: int) -> Response | WzResponse:
    m = _meeting_or_404(meeting_id)
    return handlers.delete_confirmed(
        "meeting", _("Delete the draft “%(title)s”?", title=m.title), url_for(".show", meeting_id=m.id),
        _("Its agenda, invitees and documents go with it. This cannot be undone."), lambda: services.delete_meeting(m),
        url_for(".index"), _("The draft is deleted."), services.MeetingError, refusals.refusal)


@bp.get("/past")
@require()
def past() -> Response:
    """Every past meeting, a page at a time, by committee (GET parameters: works without JavaScript)."""
    committee = request.args.get("committee", type=int)
    return render("meetings/past.html", page=queries.past_meetings(_staff(), committee, page_number()),
                  committee=committee, committees=member_queries.committees(), tz=forum_zone(),
                  page_title=_("Past meetings"))


def _page_or_404(meeting_id: int) -> page.MeetingPage:
    return page.meeting_page(meeting_id, current_member._get_current_object()) or abort(404)


@bp.get("/<int:meeting_id>")
@require()
def show(meeting_id: int) -> Response:
    shown = _page_or_404(meeting_id)
    response = render("meetings/show.html", **shown.context())
    shown.keep_parts()  # the parts shared by readers of the same class, for the next one (webapp/core/parts.py)
    return response


def _confirm(key: str, question: str, button: str, back: str, detail: str | None = None,
             hx_target: str | None = None) -> Response | None:
    """Ask first (webapp/core/confirm.py): None when the POST carries confirm=1 (act); else the question."""
    return confirm.ask(key, question, button, back, detail, hx_target,
                       button_class="secondary" if key == "notice" else "contrast")


def _notice_sent(queued: services.notices.Queued) -> str:
    """The count asked about is of invitees; the answer says how they are reached (issue 33): "37 by e-mail, 3 by
    SMS" when any SMS goes."""
    if queued.sms:
        return _("Notice is on its way: %(email)d by e-mail, %(sms)d by SMS.", email=len(queued.emails),
                 sms=len(queued.sms))
    return _("Notice is on its way to %(n)d invitees.", n=len(queued.emails))


def _notice_sms_cost(m: Meeting) -> str:
    """What the notice's SMS cost, said before they go (" 3 of them by SMS: …"), or nothing when none goes."""
    return sms_cost.sentence(services.notice_sms_wave(m))


@bp.route("/<int:meeting_id>/notice", methods=["GET", "POST"])
@require(may_manage)
def notice(meeting_id: int) -> Response | WzResponse:
    m = _meeting_or_404(meeting_id)
    n = len(queries.invitees(m.id))
    question = ngettext("Send the notice to %(num)d invitee?", "Send the notice to %(num)d invitees?", n)
    detail = _("Each invitee gets an e-mail with a calendar invitation. This cannot be undone.")
    if request.form.get("confirm") != "1":
        detail += _notice_sms_cost(m)
    asked = _confirm("notice", question, _("Send the notice"), url_for(".show", meeting_id=m.id), detail)
    if asked is not None:
        return asked
    try:
        queued = services.send_notice(m)
    except services.MeetingError:
        flash(_("Notice cannot be sent for a cancelled or past meeting."), "error")
    else:
        flash(_notice_sent(queued))
        if services.short_notice(m):
            flash(_("Short notice: the meeting starts in less than %(days)d days.",
                    days=services.minimum_notice_days()), "error")
    return redirect(url_for(".show", meeting_id=m.id), 303)


@bp.route("/<int:meeting_id>/cancel", methods=["GET", "POST"])
@require(may_manage)
def cancel(meeting_id: int) -> Response | WzResponse:
    m = _meeting_or_404(meeting_id)
    n = len(queries.invitees(m.id))
    asked = _confirm("cancel", ngettext("Cancel “%(title)s” and tell its %(num)d invitee?",
                              "Cancel “%(title)s” and tell its %(num)d invitees?", n, title=m.title),
                     _("Yes, cancel the meeting"), url_for(".show", meeting_id=m.id),
                     _("A cancelled meeting cannot be brought back."))
    if asked is not None:
        return asked
    services.cancel_meeting(m)
    flash(_("The meeting is cancelled; invitees are told."))
    return redirect(url_for(".show", meeting_id=m.id), 303)


def _agenda_response(m, focus: bool = False) -> Response | WzResponse:  # noqa: ANN001
    if wants_fragment():
        return render("meetings/show.html", block="agenda", **page.agenda_fragment(m, focus=focus).context())
    return redirect(page.section_url(m.id, "agenda"), 303)


@bp.post("/<int:meeting_id>/agenda")
@require(may_manage)
def add_agenda_item(meeting_id: int) -> Response | WzResponse:
    m = _meeting_or_404(meeting_id)
    form = forms.AgendaItemForm()
    form.fill_choices()
    if form.validate_on_submit():
        services.save_agenda_item(m, None, title=form.title.data, presenter=form.presenter.data,
                                  minutes=form.minutes.data, kind=form.kind.data)
        return _agenda_response(m, focus=True)
    if wants_fragment():
        return render("meetings/show.html", block="agenda", status=422, **page.agenda_fragment(m, form).context())
    return render("meetings/show.html", status=422, **_page_or_404(m.id).with_form(agenda_form=form).context())


@bp.route("/<int:meeting_id>/agenda/<int:item_id>/edit", methods=["GET", "POST"])
@require(may_manage)
def edit_agenda_item(meeting_id: int, item_id: int) -> Response | WzResponse:
    """A page of its own without JavaScript; with htmx the form takes the item's place in the agenda."""
    m = _meeting_or_404(meeting_id)
    item = queries.agenda_item(m.id, item_id) or abort(404)
    form = forms.AgendaItemForm(obj=item) if request.method == "GET" else forms.AgendaItemForm()
    form.fill_choices()
    if handlers.submit(form, lambda: services.save_agenda_item(m, item, title=form.title.data,
                                                               presenter=form.presenter.data,
                                                               minutes=form.minutes.data, kind=form.kind.data),
                       services.MeetingError, lambda _e: handlers.under(form, "title", _("Please check this value."))):
        return _agenda_response(m)
    return render("meetings/agenda_item_form.html", block="item", m=m, item=item, in_agenda=wants_fragment(),
                  form=form, status=handlers.status(form), page_title=_("Edit the agenda item"))


@bp.post("/<int:meeting_id>/agenda/<int:item_id>/move")
@require(may_manage)
def move_agenda_item(meeting_id: int, item_id: int) -> Response | WzResponse:
    m = _meeting_or_404(meeting_id)
    item = queries.agenda_item(m.id, item_id) or abort(404)
    if not forms.EmptyForm().validate_on_submit():
        abort(400)
    services.move_agenda_item(m, item, "up" if request.form.get("direction") == "up" else "down")
    return _agenda_response(m)


@bp.route("/<int:meeting_id>/agenda/<int:item_id>/delete", methods=["GET", "POST"])
@require(may_manage)
def delete_agenda_item(meeting_id: int, item_id: int) -> Response | WzResponse:
    m = _meeting_or_404(meeting_id)
    item = queries.agenda_item(m.id, item_id) or abort(404)
    asked = _confirm("agenda", _("Remove “%(title)s” from the agenda?", title=item.title), _("Yes, remove it"),
                     page.section_url(m.id, "agenda"), hx_target="#agenda")
    if asked is not None:
        return asked
    services.delete_agenda_item(m, item)
    return _agenda_response(m)


@bp.post("/<int:meeting_id>/documents")
@require(may_manage)
def upload(meeting_id: int) -> Response | WzResponse:
    m = _meeting_or_404(meeting_id)
    form = forms.DocumentForm()
    if form.validate_on_submit():
        try:
            data = form.file.data.read(services.MAX_DOCUMENT_BYTES + 1)
            services.add_document(m, form.file.data.filename or "", data, current_member.name,
                                  form.agenda_item_id.data, form.language.data, form.original_id.data)
        except services.MeetingError as e:
            flash(_error(e), "error")
            return render("meetings/show.html", status=422, **_page_or_404(m.id).opening("papers").context())
        flash(_("The document is attached."))
    else:
        flash(_("Please choose a file."), "error")
    return redirect(page.section_url(m.id, "papers"), 303)


@bp.route("/<int:meeting_id>/documents/<int:doc_id>/delete", methods=["GET", "POST"])
@require(may_manage)
def delete_document(meeting_id: int, doc_id: int) -> Response | WzResponse:
    m = _meeting_or_404(meeting_id)
    doc = queries.document(m.id, doc_id) or abort(404)
    asked = _confirm("document", _("Remove %(file)s from the meeting?", file=doc.filename), _("Yes, remove it"),
                     page.section_url(m.id, "papers"), _("The file cannot be brought back."))
    if asked is not None:
        return asked
    services.delete_document(m, doc)
    flash(_("%(file)s is removed.", file=doc.filename))
    return redirect(page.section_url(m.id, "papers"), 303)


@bp.get("/<int:meeting_id>/documents/<int:doc_id>")
@require()
def document(meeting_id: int, doc_id: int) -> Response:
    m = _meeting_or_404(meeting_id)
    doc = queries.document(m.id, doc_id) or abort(404)
    return download_response(doc.data, doc.filename, doc.content_type, cache="private, no-store")


def notice_qr(m: Meeting) -> object | None:
    """A QR code to the meeting's public page, for a meeting the public may see only (never to a check-in)."""
    if not vis.sees_meeting(Reader.anyone(), m.visibility, m.status):
        return None
    return qr.svg(absolute_url("tenant.public.meeting", meeting_id=m.id), _("The meeting's public page"))


@bp.get("/<int:meeting_id>/print")
@require()
def print_notice(meeting_id: int) -> Response:
    m = _meeting_or_404(meeting_id)
    # the content in any working language (?lang=tw: the agenda in Twi), the interface's words in one of its five
    lang = request.args.get("lang") if languages.is_content(request.args.get("lang")) else languages.content_locale()
    with force_locale(languages.interface_of(lang)):
        table = content.translations("meeting", [m.id], lang)
        committee = queries.committee_of(m)
        return render("meetings/print.html", m=m, lang=lang, committee=committee,
                      committee_name=content.localise_one("committee", committee.id, "name", committee.name,
                                                          current_tenant().default_locale, lang) if committee else None,
                      agenda=queries.agenda_rows(m, lang), tz=forum_zone(),
                      title=content.localise(m.title, m.language, table, m.id, "title", lang),
                      outputs=content.localise(m.expected_outputs, m.language, table, m.id, "expected_outputs", lang),
                      sms_words=sms_sentences.language(lang), contact=public_contact(current_tenant()),
                      qr=notice_qr(m), page_title=m.title, print_languages=_language_names(),
                      interface_lang=languages.interface_of(lang))


def ics_response(body: bytes, filename: str) -> Response:
    return download_response(body, filename, "text/calendar; charset=utf-8", inline=True,
                             cache="private, max-age=300")


@bp.get("/calendar/<token>.ics")
def personal_calendar(token: str) -> Response:
    member = services.member_for_calendar(token) or abort(404)
    meetings = queries.member_meetings(member.id)
    return ics_response(calendars.feed(meetings, f"{current_tenant().name} — {member.name}"), "baraza.ics")


@bp.route("/calendar", methods=["GET", "POST"])
@require()
def calendar_settings() -> Response | WzResponse:
    me = current_member._get_current_object()
    if request.method == "POST":
        if not forms.EmptyForm().validate_on_submit():
            abort(400)
        renewing = me.calendar_token is not None
        services.calendar_token(me, renew=True)
        flash(_("You have a new calendar address; the old one no longer works.") if renewing
              else _("Your calendar address is ready."))
        return redirect(url_for(".calendar_settings"), 303)
    token = me.calendar_token  # a GET only shows: the address is made by the button (POST)
    feed_url = current_app.config["BASE_URL"] + url_for(".personal_calendar", token=token) if token else None
    return render("meetings/calendar.html", feed_url=feed_url, action_form=forms.EmptyForm(),
                  page_title=_("My calendar"))


# --- translating the meeting's texts (issue 27) ------------------------------------------------------

def _target_locale(locale: str) -> str:
    return locale if languages.is_content(locale) else abort(404)


def _language_names() -> dict[str, str]:
    """The languages a translator may translate into, by their own names: the interface's five and the forum's
    other working languages (issue 46)."""
    return languages.content_names()


def _texts(locale: str) -> dict[str, str]:
    """The translator's form: its fields named t-<locale>-<kind>-<id>-<field>."""
    prefix = f"t-{locale}-"
    return {k[len(prefix):]: v for k, v in request.form.items() if k.startswith(prefix)}


@bp.get("/translations/<locale>")
@require(may_translate)
def translation_queue(locale: str) -> Response:
    """What still needs translating into ``locale``: the coming meetings first, then public ones."""
    rows = translation.queue(_target_locale(locale), current_reader())
    return render("meetings/translation_queue.html", rows=rows, locale=locale, languages=(names := _language_names()),
                  kinds=content.kinds(), page_title=_("To translate into %(language)s", language=names[locale]))


@bp.route("/<int:meeting_id>/translate/<locale>", methods=["GET", "POST"])
@require(may_translate)
def translate(meeting_id: int, locale: str) -> Response | WzResponse:
    """The translator's view: each of the meeting's texts beside its translation, out-of-date ones marked."""
    reader = current_reader()
    m = queries.meeting(meeting_id, reader, translating=True) or abort(404)
    form = forms.EmptyForm()
    if _target_locale(locale) != m.language and form.validate_on_submit():
        services.save_translations(m, locale, _texts(locale), set(request.form.getlist("confirm")), reader)
        flash(_("Translations saved."))
        return redirect(url_for(".translate", meeting_id=m.id, locale=locale), 303)
    return render("meetings/translate.html", m=m, locale=locale, units=translation.units(m, locale, reader), form=form,
                  languages=_language_names(), status=handlers.status(form),
                  page_title=_("Translate: %(title)s", title=m.title))


@bp.route("/translations/<locale>/<kind>", methods=["GET", "POST"])
@require(may_translate)
def translate_kind(locale: str, kind: str) -> Response | WzResponse:
    """Short texts of one kind (committee names, action items ...) translated as a list, side by side."""
    k = content.kinds().get(kind) or abort(404)
    form = forms.EmptyForm()
    if _target_locale(locale) != current_tenant().default_locale and form.validate_on_submit():
        services.save_kind_translations(k, locale, _texts(locale), set(request.form.getlist("confirm")),
                                        current_reader())
        flash(_("Translations saved."))
        return redirect(url_for(".translate_kind", locale=locale, kind=kind), 303)
    return render("meetings/translate_kind.html", kind=k, kinds=content.kinds(), locale=locale, form=form,
                  units=translation.kind_units(k, locale, current_reader()), languages=(names := _language_names()),
                  language=current_tenant().default_locale, status=handlers.status(form),
                  page_title=_("Translate into %(language)s", language=names[locale]))
