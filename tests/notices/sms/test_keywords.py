"""Reply keywords (issue 25): the words of translations/GLOSSARY.md in five languages, whatever the case, accents,
spacing, hyphens or curly apostrophes; the code before or after the keyword. Notices split the reply (issue 34); the
RSVP handler of meetings reads the answer in it."""
from __future__ import annotations

import pytest

from webapp.meetings.sms import answer_of
from webapp.notices.sms.inbound import parse


@pytest.mark.parametrize(("text", "answer"), [
    ("YES 4KX7Q", "yes"), ("ndiyo 4kx7q", "yes"), ("  Ee   4KX7Q ", "yes"), ("Oui 4KX7Q", "yes"), ("Sí 4KX7Q", "yes"),
    ("SI 4KX7Q", "yes"), ("4KX7Q yes", "yes"),
    ("NO 4KX7Q", "no"), ("hapana 4KX7Q", "no"), ("A'A 4KX7Q", "no"), ("a\u2019a 4KX7Q", "no"), ("Non 4KX7Q", "no"),
    ("MAYBE 4KX7Q", "maybe"), ("peut-être 4KX7Q", "maybe"), ("Peut etre 4KX7Q", "maybe"), ("quizás 4KX7Q", "maybe"),
    ("tal vez 4KX7Q", "maybe"), ("LABDA 4KX7Q", "maybe"), ("Wataƙila 4KX7Q", "maybe"), ("watakila 4KX7Q", "maybe"),
])
def test_answers_in_every_language(text, answer):
    parsed = parse(text)
    assert parsed.kind == "reply"
    reply = parsed.reply(parsed.words.index("4KX7Q"))
    assert reply.code == "4KX7Q"
    assert answer_of(reply) == answer


@pytest.mark.parametrize(("text", "kind"), [
    ("STOP", "stop"), ("stop ", "stop"), ("Arrêt", "stop"), ("START", "start"), ("help", "help"), ("Aide", "help"),
    ("yes", "unknown"), ("hi you", "unknown"), ("", "unknown"),
    # a word that may be a code: the routing table decides (tests/notices/sms/test_replies.py: "what is this")
    ("4KX7Q", "reply"), ("hello there", "reply"),
])
def test_stop_start_help_and_what_is_not_understood(text, kind):
    assert parse(text).kind == kind


def test_a_reply_is_split_into_keyword_code_and_the_remaining_words():
    reply = parse("upd  K4UNV 45 «because» of rain").reply(1)
    assert (reply.code, reply.keyword, reply.words) == ("K4UNV", "UPD", ("45", "«BECAUSE»", "OF", "RAIN"))
    assert reply.text == "45 «because» of rain"
    assert answer_of(reply) is None
    assert answer_of(parse("4KX7Q").reply(0)) is None  # a code alone answers nothing (the number gets help)
