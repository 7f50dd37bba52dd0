"""`flask i18n extract|update|compile`: a thin wrapper over Babel's own commands."""
from __future__ import annotations

from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface
from flask.cli import AppGroup

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"
LOCALES = ("fr", "es", "sw", "ha")
KEYWORDS = ["-k", "_l", "-k", "lazy_gettext", "-k", "ngettext:1,2", "-k", "lazy_ngettext:1,2"]

i18n_cli = AppGroup("i18n", help="Translation catalogues (translations/).")


def _babel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(output: Path = POT) -> None:
    _babel("extract", "-F", str(ROOT / "babel.cfg"), *KEYWORDS, "--no-location", "--sort-output",
           "--project", "Baraza", "-o", str(output), str(ROOT))


def update() -> None:
    for locale in LOCALES:
        po = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
        if po.exists():
            _babel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", locale, "--no-fuzzy-matching",
                   "--ignore-obsolete")
        else:
            _babel("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", locale)


def compile_catalogues() -> None:
    _babel("compile", "-d", str(TRANSLATIONS), "--statistics")


@i18n_cli.command("extract")
def extract_cmd() -> None:
    """Collect every wrapped string into translations/messages.pot."""
    extract()
    click.echo(f"wrote {POT}")


@i18n_cli.command("update")
def update_cmd() -> None:
    """Extract, then merge new strings into the fr, es, sw and ha catalogues."""
    extract()
    update()


@i18n_cli.command("compile")
def compile_cmd() -> None:
    """Compile the .po catalogues into .mo files (done at set-up by scripts/bootstrap.sh)."""
    compile_catalogues()
