"""Five languages: complete catalogues, translated pages, dates in each locale's format."""
from __future__ import annotations

from datetime import UTC, datetime

import psycopg
import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, gettext

from webapp.i18n_cli import LOCALES, TRANSLATIONS, extract


def _catalogue(locale: str):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_is_complete(locale):
    catalogue = _catalogue(locale)
    problems = []
    for m in catalogue:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(s and s.strip() for s in strings):
            problems.append(m.id)
    assert len(catalogue) > 100
    assert problems == [], f"{locale}: {len(problems)} empty or fuzzy entries, e.g. {problems[:5]}"


def test_catalogues_hold_every_string_in_the_code(tmp_path):
    pot = tmp_path / "messages.pot"
    extract(pot)
    with open(pot, "rb") as f:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    for locale in LOCALES:
        have = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue(locale) if m.id}
        missing = sorted(wanted - have)
        assert missing == [], f"{locale} lacks {len(missing)} strings (flask --app wsgi i18n update): {missing[:5]}"


@pytest.mark.parametrize("locale", ["en", *LOCALES])
def test_page_renders_in_each_language(app, client, locale, databases):
    html = client.get(f"/login?lang={locale}").get_data(as_text=True)
    with app.test_request_context(), force_locale(locale):
        sign_in = gettext("Sign in")
        forgotten = gettext("Forgotten your password?")
    if locale != "en":
        assert sign_in != "Sign in" and forgotten != "Forgotten your password?"
    assert f'<html lang="{locale}">' in html
    assert sign_in in html and forgotten in html


def test_dates_follow_locale_and_forum_time_zone(app, factory, client, auth, databases, queue_redis):
    """Each language writes the moment its own way, in the forum's zone (16:30 in Lubumbashi, not 14:30 UTC), without
    seconds and with the zone's short name (issue 19: "12 Mar 2026, 16:30 CAT", not "Mar 12, 2026, 4:30:00 PM")."""
    forum = factory.forum("forum-k", "Forum K", timezone="Africa/Lubumbashi")
    sec = factory.member(forum, "Sec K", "secretariat")
    auth.login(sec["email"])
    client.post("/t/forum-k/notices/test", data={"csrf_token": auth.csrf("/t/forum-k/notices/")})
    moment = datetime(2026, 3, 12, 14, 30, tzinfo=UTC)
    with psycopg.connect(databases.owner_url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as c:
        c.execute("SELECT set_config('app.tenant_id', %s, false)", (str(forum.id),))
        c.execute("UPDATE notices SET created_at = %s", (moment,))
    expected = {"en": "12 Mar 2026, 16:30 CAT", "fr": "12 mars 2026, 16:30 CAT", "es": "12 mar 2026, 16:30 CAT",
                "sw": "12 Mac 2026 16:30 CAT", "ha": "12 Mar, 2026, 16:30 CAT"}
    assert set(expected) == {"en", *LOCALES}
    for locale, text in expected.items():
        html = client.get(f"/t/forum-k/notices/?lang={locale}").get_data(as_text=True)
        assert text in html, (locale, text)
        assert "16:30:00" not in html and "4:30" not in html  # no seconds, no 12-hour clock
    assert len(set(expected.values())) >= 4  # the formats really differ between languages
