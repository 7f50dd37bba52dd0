"""SMS replies routed by kind (issue 34): one routing table for every kind of reply code, codes unique among every live
code, each kind handed to the handler its feature bound in the wiring."""
from __future__ import annotations

import inspect
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from sqlalchemy import select

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.notices.sms import codes, inbound, sentences
from webapp.notices.sms.builder import Draft, Fields
from webapp.notices.sms.models import SmsMessage

from .test_replies import callbacks, invitation_of, invited  # noqa: F401  (callbacks: a fixture)

PHONE = "+233201234560"
OTHER_PHONE = "+233201234561"


@pytest.fixture
def forum(factory) -> Tenant:
    return factory.forum("mines-gh", "Ghana ASM Forum", country="GH", enabled_locales=["en", "sw"])


@pytest.fixture
def fixture_kind(monkeypatch):  # noqa: ANN201
    """A kind of reply code no feature has yet (a proposal, a poll ...): its handler records what it was handed."""
    seen: list[tuple[str, int, inbound.Reply]] = []

    def handle(route, reply):  # noqa: ANN001, ANN202
        seen.append((route.kind, route.object_id, reply))
        return inbound.Handled(Draft("fixture_noted", Fields(who="ASM")))

    # its sentences, as a feature adds them to webapp/notices/sms/sentences.py
    monkeypatch.setitem(sentences.EN.sentences, "fixture_noted", "{who}: fixture noted.")
    monkeypatch.setitem(sentences.EN.sentences, "fixture_help", "{who}: fixture help. STOP: no more SMS.")
    kinds = {**inbound.REPLY_KINDS(), "fixture": inbound.ReplyKind(handle=handle, help="fixture_help")}
    monkeypatch.setattr(inbound.REPLY_KINDS, "_impl", kinds)
    return seen


def receive(app, tenant: Tenant, message_id: str, text: str, phone: str = PHONE) -> str:
    with app.app_context():
        outcome = inbound.receive(message_id, phone, text)
        db.session.commit()
    return outcome


def replies(app, tenant: Tenant) -> list[str]:
    with app.app_context(), tenant_context(tenant):
        return list(db.session.scalars(select(SmsMessage.body).where(SmsMessage.kind.in_(("reply", "help")))
                                       .order_by(SmsMessage.id)))


def test_a_kind_routes_to_its_own_handler_and_a_repeated_code_never_takes_over_a_live_rsvp_code(
        app, factory, queue_redis, forum, fixture_kind, monkeypatch):
    meeting_id, mid, rsvp_code = invited(app, factory, forum, PHONE)
    # the generator is forced to repeat the live RSVP code first: the fixture kind gets another code
    repeats = iter([rsvp_code, rsvp_code, "FXKND"])
    monkeypatch.setattr(codes, "new_code", lambda: next(repeats))
    with app.app_context():
        fixture_code = codes.issue(forum.id, "fixture", 77, member_id=mid, phone=PHONE,
                                   expires_at=datetime.now(UTC) + timedelta(days=2))
        db.session.commit()
    assert fixture_code == "FXKND"

    # the fixture kind's reply: keyword, code, numbers and free text, handed over inside the forum, meetings untouched
    assert receive(app, forum, "f-1", "upd FXKND 45 because of the rain") == "answered"
    [(kind, object_id, reply)] = fixture_kind
    assert (kind, object_id) == ("fixture", 77)
    assert (reply.code, reply.keyword, reply.words) == ("FXKND", "UPD", ("45", "BECAUSE", "OF", "THE", "RAIN"))
    assert reply.text == "45 because of the rain"
    assert invitation_of(app, forum, meeting_id, mid).rsvp == "none"

    # the RSVP code still routes to meetings
    assert receive(app, forum, "f-2", f"YES {rsvp_code}") == "answered"
    assert invitation_of(app, forum, meeting_id, mid).rsvp == "yes"
    assert len(fixture_kind) == 1
    assert replies(app, forum)[0] == "ASM: fixture noted."
    assert "your answer YES is recorded for Plenary" in replies(app, forum)[1]


def test_a_taken_code_is_never_overwritten_by_another_object(app, factory, queue_redis, forum, fixture_kind,
                                                            monkeypatch):
    meeting_id, mid, rsvp_code = invited(app, factory, forum, PHONE)
    other = factory.forum("idak", "IDAK Katanga", country="CD", enabled_locales=["fr"])
    repeats = iter(["KPTRX"])
    monkeypatch.setattr(codes, "new_code", lambda: next(repeats))
    with app.app_context():
        # another object asks to keep the RSVP code (another forum too): it gets a new one, the route stays
        assert codes.issue(other.id, "fixture", 5, member_id=None, phone=None, keep=rsvp_code,
                           expires_at=datetime.now(UTC) + timedelta(days=1)) == "KPTRX"
        db.session.commit()
    assert receive(app, forum, "t-1", f"{rsvp_code} no") == "answered"
    assert invitation_of(app, forum, meeting_id, mid).rsvp == "no"
    # a shared code (no phone) leads to its object from any phone
    assert receive(app, forum, "t-2", "go KPTRX") == "answered"
    assert [(k, o) for k, o, _r in fixture_kind] == [("fixture", 5)]


def test_help_is_the_sentence_of_the_kind_of_code_live_for_the_number(app, factory, queue_redis, forum, fixture_kind):
    invited(app, factory, forum, PHONE)
    with app.app_context():
        codes.issue(forum.id, "fixture", 9, member_id=None, phone=OTHER_PHONE,
                    expires_at=datetime.now(UTC) + timedelta(days=1))
        db.session.commit()
        assert codes.live_kinds(PHONE) == ["rsvp"] and codes.live_kinds(OTHER_PHONE) == ["fixture"]
    assert receive(app, forum, "h-1", "HELP") == "help"
    assert receive(app, forum, "h-2", "HELP", OTHER_PHONE) == "help"
    rsvp_help, fixture_help = replies(app, forum)
    assert "YES, NO or MAYBE" in rsvp_help and "fixture help" not in rsvp_help
    assert "fixture help" in fixture_help and "YES, NO or MAYBE" not in fixture_help


def direction_changes(ranks: list[int]) -> int:
    steps = [b - a for a, b in zip(ranks, ranks[1:], strict=False) if b != a]
    return sum(1 for a, b in zip(steps, steps[1:], strict=False) if (a > 0) != (b > 0))


def test_the_direction_counter_sees_a_round_trip():
    assert direction_changes([1, 1, 4, 4]) == 0
    assert direction_changes([1, 3, 1, 4]) == 2  # notices -> members -> notices -> meetings: what the registries did


def test_a_reply_goes_from_notices_up_to_the_recorded_rsvp_changing_direction_at_most_once(
        app, client, factory, callbacks, queue_redis, forum, monkeypatch):  # noqa: F811
    from tests.core.test_architecture import LAYERS
    from webapp.meetings import services as meetings

    meeting_id, mid, code = invited(app, factory, forum, PHONE)
    stacks: list[list[str]] = []
    record = meetings.record_rsvp

    def traced(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        stacks.append([f.frame.f_globals.get("__name__", "") for f in reversed(inspect.stack())])
        return record(*args, **kwargs)

    monkeypatch.setattr(meetings, "record_rsvp", traced)
    sent = client.post(f"/sms/inbound?key=s3cret&id=trace-1&from={quote(PHONE)}", data=f"YES {code}")
    assert sent.status_code == 200
    assert invitation_of(app, forum, meeting_id, mid).rsvp == "yes"
    [stack] = stacks
    modules = [m for m in stack if m.startswith("webapp.")] + ["webapp.meetings.services"]
    path = [m for i, m in enumerate(modules) if i == 0 or modules[i - 1] != m]
    assert path[0] == "webapp.notices.sms.callbacks" and path[-2:] == ["webapp.meetings.sms", "webapp.meetings.services"]
    rank = {"core": 0, **{name: i + 1 for i, layer in enumerate(LAYERS) for name in layer}}
    assert direction_changes([rank[m.split(".")[1]] for m in path]) <= 1, path
