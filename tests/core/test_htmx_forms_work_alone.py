"""Every htmx form works as a plain form on a page of its own (issue 31).

The "Edit the agenda item" page opened on its own (a new tab, a direct link) had a Save button that did nothing: its
form's htmx target, #agenda, is on the meeting page, not on that page (htmx:targetError), and the edit was lost.

This walks the demo forum's pages as the secretariat, a chair and a member (following the links of each page, the
stand-alone edit and confirmation pages among them) and, for every form or link that carries htmx attributes:
- its hx-target is on the page it was found on (or relative: this, closest …, find …);
- the form, submitted without htmx headers, answers 303 to a page that opens (or 422 with the form again for data
  it refuses, or 200 with a confirmation whose confirmed form then answers 303), and what it typed is saved: a text
  field given a marker shows the marker on the page the redirect leads to or the page the form came from.
"""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from webapp import demo

FORUM = "/t/ghana-nsccl/"
PEOPLE = {"secretariat": "akosua.mensah@example.org", "chair": "kwame.asante@example.org",
          "member": "ibrahim.sulemana@example.org"}
HX_ATTRIBUTES = ("hx-target", "hx-post", "hx-get", "hx-put", "hx-patch", "hx-delete")
SKIP = re.compile(r"/logout|/language|\.(ics|pdf|csv|atom|svg|png)(\?|$)|/download|/export|/calendar|/feed|/files/|"
                  r"/documents/\d+$|/public/|/sms/|/join/|/unsubscribe|/rsvp/")
DESTRUCTIVE = re.compile(r"delete|cancel|erase|remove|withdraw|revoke|unlink|leave|reset")
MAX_PAGES = 80
PER_PATTERN = 2


@dataclass
class Form:
    attrs: dict[str, str]
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, name, value)
    options: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)
    texts: set[str] = field(default_factory=set)  # names of text fields (input text/email/…, textarea)
    buttons: list[tuple[str, str]] = field(default_factory=list)

    @property
    def htmx(self) -> bool:
        return any(a in self.attrs for a in HX_ATTRIBUTES)


class Page(HTMLParser):
    """The forms, links, ids and htmx targets of one HTML page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.targets: list[tuple[str, str]] = []  # (tag, hx-target)
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if "hx-target" in a:
            self.targets.append((tag, a["hx-target"]))
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "form":
            self._form = Form(a)
            self.forms.append(self._form)
            return
        form = self._form
        if form is None or not a.get("name"):
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    form.fields.append((kind, name, a.get("value", "on")))
            elif kind in ("submit", "image"):
                form.buttons.append((name, a.get("value", "")))
            elif kind != "file":
                form.fields.append((kind, name, a.get("value", "")))
                if kind in ("text", "email", "search", "url", "tel") and kind != "search":
                    form.texts.add(name)
        elif tag == "select":
            self._select = name
            form.options[name] = []
        elif tag == "option" and self._select:
            form.options[self._select].append((a.get("value", ""), "selected" in a))
        elif tag == "textarea":
            self._textarea = (name, [])
        elif tag == "button" and a.get("type", "submit") == "submit":
            form.buttons.append((name, a.get("value", "")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea and self._form is not None:
            name, text = self._textarea
            self._form.fields.append(("textarea", name, "".join(text)))
            self._form.texts.add(name)
            self._textarea = None


def _pattern(url: str) -> str:
    return re.sub(r"\d+", "N", urlsplit(url).path)


def _walk(client) -> dict[str, str]:
    """The forum's pages a signed-in person reaches by links from the forum home: url -> html."""
    pages: dict[str, str] = {}
    seen_patterns: dict[str, int] = {}
    queue = deque([FORUM, FORUM + "actions/mine"])
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if url in pages:
            continue
        r = client.get(url)
        if r.status_code != 200 or "text/html" not in r.headers.get("Content-Type", ""):
            continue
        html = r.get_data(as_text=True)
        pages[url] = html
        for href in Page(html).links:
            target = urljoin(url, href).split("#")[0]
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith(FORUM) or SKIP.search(target) or target in pages:
                continue
            pattern = _pattern(target)
            if seen_patterns.get(pattern, 0) >= PER_PATTERN:
                continue
            seen_patterns[pattern] = seen_patterns.get(pattern, 0) + 1
            queue.append(target)
    return pages


def _target_on_page(target: str, page: Page) -> bool:
    target = target.strip()
    if target in ("this", "body", "next", "previous") or target.split(" ", 1)[0] in ("closest", "find", "next",
                                                                                     "previous"):
        return True
    if target.startswith("#"):
        return target[1:] in page.ids
    return False


def _data(form: Form, marker: str) -> tuple[dict[str, list[str]], str | None]:
    """What a browser sends: every field as it stands, an empty text field given the marker, the first choice of a
    select with none chosen, the first submit button."""
    data: dict[str, list[str]] = {}
    typed = None
    for kind, name, value in form.fields:
        if name in form.texts and name not in ("q", "search") and (not value or (kind in ("text", "textarea")
                                                                                   and typed is None)):
            value = f"{marker}@example.org" if kind == "email" else f"{value} {marker}".strip()
            typed = typed or marker
        elif kind == "number" and not value:
            value = "10"
        data.setdefault(name, []).append(value)
    for name, options in form.options.items():
        chosen = [v for v, selected in options if selected] or [v for v, _s in options if v][:1]
        data[name] = chosen[:1]
    if form.buttons and form.buttons[0][0]:
        data.setdefault(form.buttons[0][0], []).append(form.buttons[0][1])
    return data, typed


def _submit(client, origin: str, form: Form, marker: str) -> list[str]:
    """Problems with one form submitted as a plain form (no htmx headers)."""
    method = form.attrs.get("method", "get").lower()
    action = urljoin(origin, form.attrs.get("action") or origin)
    data, typed = _data(form, marker)
    label = f"{form.attrs.get('action')} (found on {origin})"
    if method == "get":
        r = client.get(action, query_string=data)
        return [] if r.status_code == 200 else [f"{label}: GET answered {r.status_code}"]
    r = client.post(action, data=data)
    if r.status_code == 200:  # a confirmation first, a page of its own: its own form confirms
        page = Page(r.get_data(as_text=True))
        lost = [t for _tag, t in page.targets if not _target_on_page(t, page)]
        if lost:
            return [f"{label}: its confirmation page has hx-target {lost} not on the page"]
        confirmations = [f for f in page.forms if urljoin(action, f.attrs.get("action", "")) == action]
        if not confirmations:
            return [f"{label}: answered 200 without a redirect or a confirmation"]
        r = client.post(action, data=_data(confirmations[0], marker)[0])
    if r.status_code == 422:
        return [] if "<form" in r.get_data(as_text=True) else [f"{label}: 422 without the form"]
    if r.status_code != 303:
        return [f"{label}: answered {r.status_code}, not 303"]
    landing = client.get(r.headers["Location"])
    if landing.status_code != 200:
        return [f"{label}: the redirect to {r.headers['Location']} answered {landing.status_code}"]
    if typed and typed not in landing.get_data(as_text=True) and typed not in client.get(origin).get_data(as_text=True):
        return [f"{label}: what was typed ({typed}) is not shown after saving"]
    return []


def _login(client, email: str) -> None:
    client.post("/logout", data={})
    client.post("/login", data={"email": email, "password": demo.DEMO_PASSWORD})
    assert client.get(FORUM).status_code == 200, email


def test_every_htmx_form_works_as_a_plain_form_on_a_page_of_its_own(app, client, databases):
    with app.app_context():
        demo.load()
    app.config["WTF_CSRF_ENABLED"] = False  # the forms are posted as they stand; CSRF has tests of its own
    problems: list[str] = []
    submitted: set[str] = set()
    counts: dict[str, int] = {}
    try:
        for role, email in PEOPLE.items():
            _login(client, email)
            pages = _walk(client)
            found: list[tuple[str, Form]] = []
            for url, html in pages.items():
                page = Page(html)
                for tag, target in page.targets:
                    if not _target_on_page(target, page):
                        problems.append(f"{role}: {url}: <{tag} hx-target=\"{target}\"> is not on the page")
                found += [(url, f) for f in page.forms if f.htmx]
            # one form of each kind, the ones that delete or call off last
            kinds: dict[str, tuple[str, Form]] = {}
            for url, form in found:
                kinds.setdefault(f"{form.attrs.get('method', 'get')} {_pattern(form.attrs.get('action') or url)}",
                                 (url, form))
            counts[role] = len(kinds)
            for n, (kind, (url, form)) in enumerate(sorted(kinds.items(),
                                                           key=lambda k: bool(DESTRUCTIVE.search(k[0])))):
                if kind in submitted:
                    continue
                submitted.add(kind)
                problems += [f"{role}: {p}" for p in _submit(client, url, form, f"Walk{role[:3]}{n}")]
    finally:
        app.config["WTF_CSRF_ENABLED"] = True
    assert counts["secretariat"] >= 8, counts  # the walk reached the meeting, agenda, plan and roll forms
    assert not problems, "\n".join(problems)
