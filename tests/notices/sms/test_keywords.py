"""Reply keywords (issue 25): the words of translations/GLOSSARY.md in five languages, whatever the case, accents,
spacing, hyphens or curly apostrophes; the code before or after the keyword."""
from __future__ import annotations

import pytest

from webapp.notices.sms.inbound import Parsed, parse


@pytest.mark.parametrize(("text", "answer"), [
    ("YES 4KX7Q", "yes"), ("ndiyo 4kx7q", "yes"), ("  Ee   4KX7Q ", "yes"), ("Oui 4KX7Q", "yes"), ("Sí 4KX7Q", "yes"),
    ("SI 4KX7Q", "yes"), ("4KX7Q yes", "yes"),
    ("NO 4KX7Q", "no"), ("hapana 4KX7Q", "no"), ("A'A 4KX7Q", "no"), ("a\u2019a 4KX7Q", "no"), ("Non 4KX7Q", "no"),
    ("MAYBE 4KX7Q", "maybe"), ("peut-être 4KX7Q", "maybe"), ("Peut etre 4KX7Q", "maybe"), ("quizás 4KX7Q", "maybe"),
    ("tal vez 4KX7Q", "maybe"), ("LABDA 4KX7Q", "maybe"), ("Wataƙila 4KX7Q", "maybe"), ("watakila 4KX7Q", "maybe"),
])
def test_answers_in_every_language(text, answer):
    assert parse(text) == Parsed("answer", answer, "4KX7Q")


@pytest.mark.parametrize(("text", "kind"), [
    ("STOP", "stop"), ("stop ", "stop"), ("Arrêt", "stop"), ("START", "start"), ("help", "help"), ("Aide", "help"),
    ("yes", "unknown"), ("4KX7Q", "unknown"), ("hello there", "unknown"), ("", "unknown"),
])
def test_stop_start_help_and_what_is_not_understood(text, kind):
    assert parse(text).kind == kind
