"""One home for each shared rule (issue 17): each test reads the source tree (tests excluded) and fails, naming the
file, when a second copy of a rule appears outside its home."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("webapp", "worker", "tenants")


def _sources() -> dict[str, str]:
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
            for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def _offenders(pattern: str, home: set[str] | str, flags: int = 0) -> list[str]:
    homes = {home} if isinstance(home, str) else home
    rx = re.compile(pattern, flags)
    return [f"{path}:{text[:m.start()].count(chr(10)) + 1}: {m.group(0)}"
            for path, text in _sources().items() if path not in homes for m in rx.finditer(text)]


def test_one_signer():
    """Links and cookies are signed in webapp/core/signing.py only (Flask's session signs itself)."""
    offenders = _offenders(r"\bitsdangerous\b|\bhmac\.new\(", "webapp/core/signing.py")
    assert not offenders, "signing outside webapp/core/signing.py:\n" + "\n".join(offenders)


def test_one_forum_time_zone():
    """The forum's time zone is read in webapp/core/zones.py only: no other module builds a ZoneInfo or reads the
    zone off the forum (a form's field may still show and save it)."""
    offenders = _offenders(r"ZoneInfo\(|\btenant\(?\)?\.timezone\b(?! *=[^=])(?!,)", "webapp/core/zones.py")
    assert not offenders, "the forum's time zone read outside webapp/core/zones.py:\n" + "\n".join(offenders)


def test_one_list_of_time_zones():
    """What counts as a time zone (Area/City names and UTC, for forums and people alike) is decided in
    webapp/core/zones.py only: forms and services ask its is_zone()."""
    offenders = _offenders(r"\bavailable_timezones\b", "webapp/core/zones.py")
    assert not offenders, "time zones listed outside webapp/core/zones.py:\n" + "\n".join(offenders)


def test_one_date_formatter():
    """Dates and times are formatted by webapp/core/dates.py only (issue 19: one set of formats, without seconds and
    with a short zone): no other module calls Babel's or Flask-Babel's date functions."""
    offenders = _offenders(r"\bbabel\.dates\b|from babel import [^\n]*\bdates\b"
                           r"|from flask_babel import [^\n]*\bformat_(date|datetime|time)\b", "webapp/core/dates.py")
    assert not offenders, "dates formatted outside webapp/core/dates.py:\n" + "\n".join(offenders)


def test_one_download_helper():
    """Every file download goes through webapp/core/downloads.py."""
    offenders = _offenders(r"Content-Disposition", "webapp/core/downloads.py", re.IGNORECASE)
    assert not offenders, "a download response built outside webapp/core/downloads.py:\n" + "\n".join(offenders)


def test_one_per_tenant_loop():
    """The sweeps go over the forums through worker/runtime.py's each_tenant only."""
    offenders = _offenders(r"for \w+ in [^\n]*select\(Tenant\)(?![^\n]*where)", "worker/runtime.py")
    offenders += _offenders(r"def each_tenant\b", "worker/runtime.py")
    assert not offenders, "a loop over every forum outside worker/runtime.py:\n" + "\n".join(offenders)


def test_one_scorecard_assembly():
    """The scorecard and the figures it stands on are put together by webapp/inclusion/services.py's scorecard()
    only (the dashboard, the public page and the inclusion report call it)."""
    offenders = _offenders(r"\brecent_meeting_checks\(|\bcommittee_overview\(|\bdef scorecard\b",
                           "webapp/inclusion/services.py")
    assert not offenders, "the scorecard assembled outside webapp/inclusion/services.py:\n" + "\n".join(offenders)


def test_one_list_of_forum_kind_labels():
    """The kinds of forum are named in webapp/core/labels.py only (admin, forum settings, templates)."""
    offenders = _offenders(r"_l\(\"(National steering committee|Provincial multi-stakeholder platform)\"\)",
                           "webapp/core/labels.py")
    assert not offenders, "forum-kind labels outside webapp/core/labels.py:\n" + "\n".join(offenders)


def test_one_list_of_visibilities():
    """The three visibilities, their order and their names live in webapp/core/labels.py only."""
    offenders = _offenders(r"[(\[]\s*[\"']public[\"'],\s*[\"']members[\"']|_l\(\"Members only\"\)"
                           r"|_l\(\"Restricted \(secretariat and chairs\)\"\)", "webapp/core/labels.py")
    assert not offenders, "visibilities outside webapp/core/labels.py:\n" + "\n".join(offenders)


def test_one_email_normalisation():
    """Addresses are trimmed and lower-cased by webapp/core/text.py's normalise_email() only."""
    offenders = _offenders(r"def normalise_email\b|(email|reply_to)[\w.]*( or \"\"\))?\.strip\(\)\.lower\(\)",
                           "webapp/core/text.py")
    assert not offenders, "e-mail addresses normalised outside webapp/core/text.py:\n" + "\n".join(offenders)
