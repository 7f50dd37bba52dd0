"""Answers, STOP and delivery reports by SMS (issue 25), through a real Kannel: a member's phone is fakesmsc, which
hands the reply to bearerbox; smsbox posts it to Baraza's /sms/inbound (served on a loopback port); confirmations go
out through the SMS outbox and Kannel to fakesmsc; delivery reports come back through each SMS's dlr-url."""
from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from sqlalchemy import select

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.core import signing
from webapp.extensions import db
from webapp.notices.sms.delivery_reports import PURPOSE
from webapp.notices.sms.models import SmsInbound, SmsMessage, SmsOptOut

from .test_kannel import phone_member


def wait_for(check: Callable[[], object], timeout: float = 15) -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def invitation_of(app, tenant: Tenant, meeting_id: int, member_id: int):  # noqa: ANN201
    from webapp.meetings.models import Invitation

    with app.app_context(), tenant_context(tenant):
        inv = db.session.scalar(select(Invitation).where(Invitation.meeting_id == meeting_id,
                                                         Invitation.member_id == member_id))
        db.session.expunge(inv)
        return inv


def sms_rows(app, tenant: Tenant, **where: object) -> list[SmsMessage]:
    with app.app_context(), tenant_context(tenant):
        rows = list(db.session.scalars(select(SmsMessage).filter_by(**where).order_by(SmsMessage.id)))
        for r in rows:
            db.session.expunge(r)
        return rows


def inbound_log(app) -> list[SmsInbound]:
    with app.app_context():
        rows = list(db.session.scalars(select(SmsInbound).order_by(SmsInbound.id)))
        for r in rows:
            db.session.expunge(r)
        return rows


@pytest.fixture
def forum_a(factory) -> Tenant:
    return factory.forum("mines-gh", "Ghana ASM Forum", country="GH", enabled_locales=["en", "sw", "ha", "fr"])


@pytest.fixture
def forum_b(factory) -> Tenant:
    return factory.forum("idak", "IDAK Katanga", country="CD", enabled_locales=["fr", "sw"])


def test_ndiyo_and_the_code_records_yes_for_that_member_of_that_forum_and_a_confirmation_goes_out(
        app, factory, kannel, run_worker, queue_redis, forum_a):
    # two members share one phone (a family's or a cooperative's): the code tells them apart
    asha = phone_member(app, forum_a, "Asha Miner", "+233201234501", "sw")
    juma = phone_member(app, forum_a, "Juma Miner", "+233201234501", "sw")
    m = factory.meeting(forum_a, "Plenary on child labour", member_ids=(asha, juma), notify=True)
    run_worker()
    assert len(kannel.wait_received(2)) == 2
    code = invitation_of(app, forum_a, m["id"], asha).reply_code
    kannel.clear()

    kannel.send_from("+233201234501", f"NDIYO {code}")

    assert wait_for(lambda: invitation_of(app, forum_a, m["id"], asha).rsvp == "yes")
    assert invitation_of(app, forum_a, m["id"], juma).rsvp == "none"
    run_worker()
    got = kannel.wait_received(1)
    assert len(got) == 1 and got[0].to == "+233201234501"
    assert "Plenary on child labour" in got[0].text
    [reply] = sms_rows(app, forum_a, kind="reply")
    assert reply.status in ("sent", "delivered") and reply.member_id == asha and reply.recipient_name == "Asha Miner"
    assert [r.outcome for r in inbound_log(app)] == ["answered"]


def test_ee_in_another_case_and_spacing_and_a_curly_apostrophe_work(app, factory, kannel, run_worker, queue_redis,
                                                                     forum_a):
    musa = phone_member(app, forum_a, "Musa Hausa", "+233201234502", "ha")
    m1 = factory.meeting(forum_a, "Plenary one", member_ids=(musa,), notify=True)
    m2 = factory.meeting(forum_a, "Plenary two", member_ids=(musa,), notify=True)
    run_worker()
    c1 = invitation_of(app, forum_a, m1["id"], musa).reply_code
    c2 = invitation_of(app, forum_a, m2["id"], musa).reply_code

    kannel.send_from("+233201234502", f"  eE   {c1.lower()} ")
    kannel.send_from("+233201234502", f"A\u2019a {c2}")

    assert wait_for(lambda: invitation_of(app, forum_a, m1["id"], musa).rsvp == "yes")
    assert wait_for(lambda: invitation_of(app, forum_a, m2["id"], musa).rsvp == "no")


def test_stop_stops_the_next_sms_and_start_lets_them_through_again(app, factory, kannel, run_worker, queue_redis,
                                                                    forum_a, forum_b):
    kofi = phone_member(app, forum_a, "Kofi Miner", "+233201234503", "en")
    kofi_b = phone_member(app, forum_b, "Kofi Katanga", "+233201234503", "fr")
    factory.meeting(forum_a, "First plenary", member_ids=(kofi,), notify=True)
    run_worker()
    assert len(kannel.wait_received(1)) == 1
    kannel.clear()

    kannel.send_from("+233201234503", "Stop")
    with app.app_context():
        assert wait_for(lambda: db.session.get(SmsOptOut, "+233201234503") is not None)
    run_worker()
    [ack] = kannel.wait_received(1)  # the acknowledgement only
    assert "START" in ack.text

    kannel.clear()
    factory.meeting(forum_a, "Second plenary", member_ids=(kofi,), notify=True)
    factory.meeting(forum_b, "Réunion", member_ids=(kofi_b,), notify=True)  # every forum at once
    run_worker()
    assert kannel.wait_received(1, timeout=3) == []
    stopped = [*sms_rows(app, forum_a, kind="meeting_invitation"), *sms_rows(app, forum_b)]
    assert stopped[0].status in ("sent", "delivered") and [r.status for r in stopped[1:]] == ["failed", "failed"]
    assert "STOP" in (stopped[-1].last_error or "")

    kannel.send_from("+233201234503", "START")
    with app.app_context():
        assert wait_for(lambda: db.session.get(SmsOptOut, "+233201234503") is None)
    factory.meeting(forum_a, "Third plenary", member_ids=(kofi,), notify=True)
    run_worker()
    assert any("Third plenary" in r.text for r in kannel.wait_received(2))


def test_a_code_of_forum_a_sent_from_a_phone_of_forum_b_changes_nothing(app, factory, kannel, run_worker,
                                                                         queue_redis, forum_a, forum_b):
    ama = phone_member(app, forum_a, "Ama Miner", "+233201234504", "en")
    fifi = phone_member(app, forum_b, "Fifi Mineur", "+243991234505", "fr")
    ma = factory.meeting(forum_a, "Plenary A", member_ids=(ama,), notify=True)
    factory.meeting(forum_b, "Plénière B", member_ids=(fifi,), notify=True)
    run_worker()
    code_a = invitation_of(app, forum_a, ma["id"], ama).reply_code
    kannel.clear()

    kannel.send_from("+243991234505", f"OUI {code_a}")

    assert wait_for(lambda: [r.outcome for r in inbound_log(app)] == ["unknown"])
    assert invitation_of(app, forum_a, ma["id"], ama).rsvp == "none"
    assert inbound_log(app)[0].tenant_id == forum_b.id  # answered with help from the forum that knows this phone
    run_worker()
    [helped] = kannel.wait_received(1)
    assert helped.to == "+243991234505"
    assert sms_rows(app, forum_a, kind="help") == []


def test_a_delivery_report_marks_the_message_delivered_on_the_messages_page(
        app, client, auth, factory, kannel, run_worker, queue_redis, forum_a):
    sec = factory.member(forum_a, "Sena Secretariat", "secretariat")
    ama = phone_member(app, forum_a, "Ama Miner", "+233201234506", "en")
    factory.meeting(forum_a, "Plenary", member_ids=(ama,), notify=True)
    run_worker()
    kannel.wait_received(1)
    assert wait_for(lambda: sms_rows(app, forum_a)[0].status == "delivered")
    auth.login(sec["email"])
    page = client.get("/t/mines-gh/messages/").get_data(as_text=True)
    assert "Delivered (1)" in page


def test_a_delivery_report_that_comes_before_the_sent_mark_is_kept(
        app, factory, kannel, run_worker, queue_redis, forum_a, monkeypatch):
    """Kannel's fake SMSC (and a fast operator) reports within milliseconds: here the gateway answers only once the
    report is recorded, so the worker marks the row sent after its report settled it — and must not undo it."""
    from sqlalchemy import text

    from worker import sms as relay

    real = relay.gateways.from_config

    class ReportFirst:
        def __init__(self, inner):  # noqa: ANN001
            self.inner = inner

        def send(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            answer = self.inner.send(*args, **kwargs)
            with db.engine.connect() as c:  # another connection: the worker's transaction is still open
                c.execute(text("SELECT set_config('app.tenant_id', :t, false)"), {"t": str(forum_a.id)})
                wait_for(lambda: c.execute(text("SELECT count(*) FROM sms_delivery_reports")).scalar())
                c.rollback()
            return answer

    monkeypatch.setattr(relay.gateways, "from_config", lambda config: ReportFirst(real(config)))
    ama = phone_member(app, forum_a, "Ama Miner", "+233201234507", "en")
    factory.meeting(forum_a, "Plenary", member_ids=(ama,), notify=True)
    run_worker()
    kannel.wait_received(1)
    [row] = sms_rows(app, forum_a)
    assert (row.status, row.sent_at is not None, row.gateway_ref is not None) == ("delivered", True, True)


# --- the callbacks themselves: forged, replayed, from elsewhere; a two-part SMS's reports ----------------------------

@pytest.fixture
def callbacks(app):  # noqa: ANN201
    saved = {k: app.config.get(k) for k in ("SMS_CALLBACK_SECRET", "SMS_CALLBACK_ALLOW")}
    app.config.update(SMS_CALLBACK_SECRET="s3cret", SMS_CALLBACK_ALLOW="127.0.0.1,::1")
    yield "s3cret"
    app.config.update(saved)


def invited(app, factory, forum: Tenant, phone: str) -> tuple[int, int, str]:
    mid = phone_member(app, forum, "Ama Miner", phone, "en")
    m = factory.meeting(forum, "Plenary", member_ids=(mid,))
    with app.app_context(), tenant_context(forum):
        from webapp.meetings import sms as meeting_sms

        inv = invitation_of(app, forum, m["id"], mid)
        code = meeting_sms.reply_code(inv.id, mid, phone, m_end(forum, m["id"]))
        db.session.commit()
    return m["id"], mid, code


def m_end(forum: Tenant, meeting_id: int):  # noqa: ANN201
    from webapp.meetings.models import Meeting

    return db.session.get(Meeting, (forum.id, meeting_id)).end_at


def test_a_forged_or_replayed_inbound_call_changes_nothing(app, client, factory, callbacks, queue_redis, forum_a):
    meeting_id, mid, code = invited(app, factory, forum_a, "+233201234507")
    url = "/sms/inbound?id=k-1&from=%2B233201234507"
    assert client.post(url, data=f"YES {code}").status_code == 403  # no secret
    assert client.post(url + "&key=wrong", data=f"YES {code}").status_code == 403
    assert client.post(url + "&key=s3cret", data=f"YES {code}",
                       environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 403  # not an allowed address
    assert invitation_of(app, forum_a, meeting_id, mid).rsvp == "none" and inbound_log(app) == []

    assert client.post(url + "&key=s3cret", data=f"YES {code}").status_code == 200
    assert invitation_of(app, forum_a, meeting_id, mid).rsvp == "yes"
    assert client.post(url.replace("k-1", "k-2") + "&key=s3cret", data=f"NO {code}").status_code == 200
    assert invitation_of(app, forum_a, meeting_id, mid).rsvp == "no"
    replay = client.post(url + "&key=s3cret", data=f"YES {code}")  # the first message again
    assert replay.status_code == 200 and replay.get_data() == b""
    assert invitation_of(app, forum_a, meeting_id, mid).rsvp == "no"
    assert len(sms_rows(app, forum_a, kind="reply")) == 2 and len(inbound_log(app)) == 2


def test_help_and_what_is_not_understood_are_answered_at_most_so_often(app, client, factory, callbacks,
                                                                        queue_redis, forum_a):
    invited(app, factory, forum_a, "+233201234508")
    for i, text in enumerate(["HELP", "help", "what is this", "YES ZZZZZ"]):
        assert client.post(f"/sms/inbound?key=s3cret&id=h-{i}&from=%2B233201234508", data=text).status_code == 200
    assert [r.outcome for r in inbound_log(app)] == ["help", "help", "unknown", "unknown"]
    assert [r.answered for r in inbound_log(app)] == [True, False, False, False]
    assert len(sms_rows(app, forum_a, kind="help")) == 1
    client.post("/sms/inbound?key=s3cret&id=h-9&from=%2B15550000000", data="YES ABCDE")  # a number no forum knows
    assert inbound_log(app)[-1].outcome == "unknown" and inbound_log(app)[-1].tenant_id is None


def dlr(client, ref: str, kind: int, part: str, sig: str | None = None):  # noqa: ANN201
    sig = sig or signing.mac(PURPOSE, ref, "s3cret")
    return client.get(f"/sms/dlr?m={ref}&sig={sig}&type={kind}&part={part}")


def sent_sms(app, forum: Tenant, segments: int) -> int:
    from webapp.notices.sms import builder, encoding

    with app.app_context(), tenant_context(forum):
        from webapp.notices.sms import services

        text = "x" * (200 if segments == 2 else 20)  # a text of so many parts, as the builder would hand it over
        built = builder.Sms("test", "en", text, encoding.encoding(text), encoding.segments(text), False)
        [sid] = services.queue_sms([{"phone": "+233201234509", "kind": "test", "sms": built,
                                     "dedupe_key": f"t-{segments}-{time.time()}"}])
        db.session.get(SmsMessage, (forum.id, sid)).status = "sent"
        db.session.commit()
        return sid


def test_a_two_part_sms_is_delivered_when_both_parts_are_in_any_order_and_forged_reports_change_nothing(
        app, client, callbacks, queue_redis, forum_a):
    sid = sent_sms(app, forum_a, 2)
    ref = f"{forum_a.id}-{sid}"
    assert dlr(client, ref, 1, "p2", sig="0" * 32).status_code == 403  # forged
    assert dlr(client, f"{forum_a.id}-{sid + 1}", 1, "p2", sig=signing.mac(PURPOSE, ref, "s3cret")).status_code == 403
    assert dlr(client, ref, 1, "p2").status_code == 200
    assert dlr(client, ref, 1, "p2").status_code == 200  # replayed: still one part of two
    assert sms_rows(app, forum_a, id=sid)[0].status == "sent"
    assert dlr(client, ref, 1, "p1").status_code == 200
    assert sms_rows(app, forum_a, id=sid)[0].status == "delivered"

    other = sent_sms(app, forum_a, 2)
    ref = f"{forum_a.id}-{other}"
    dlr(client, ref, 1, "p1")
    dlr(client, ref, 2, "p2")
    assert sms_rows(app, forum_a, id=other)[0].status == "failed"


def test_the_run_commands_setting_settles_a_two_part_sms_on_the_one_report_fakesmsc_sends(
        app, client, callbacks, queue_redis, forum_a, monkeypatch):
    """Development only (scripts/stack.py run sets SMS_DEV_ONE_REPORT): the demo's two-part SMS show "Delivered"."""
    from webapp.config import sms_settings

    assert not sms_settings("test")["SMS_DEV_ONE_REPORT"] and not app.config.get("SMS_DEV_ONE_REPORT")
    monkeypatch.setenv("SMS_DEV_ONE_REPORT", "1")
    assert sms_settings("development")["SMS_DEV_ONE_REPORT"] and not sms_settings("production")["SMS_DEV_ONE_REPORT"]
    monkeypatch.setitem(app.config, "SMS_DEV_ONE_REPORT", True)
    sid = sent_sms(app, forum_a, 2)
    assert dlr(client, f"{forum_a.id}-{sid}", 1, "p1").status_code == 200
    assert sms_rows(app, forum_a, id=sid)[0].status == "delivered"


def test_in_development_a_reply_typed_on_the_messages_page_takes_the_real_inbound_path(
        app, client, auth, factory, kannel, run_worker, queue_redis, forum_a):
    sec = factory.member(forum_a, "Sena Secretariat", "secretariat")
    ama = phone_member(app, forum_a, "Ama Miner", "+233201234510", "en")
    m = factory.meeting(forum_a, "Plenary", member_ids=(ama,), notify=True)
    run_worker()
    code = invitation_of(app, forum_a, m["id"], ama).reply_code
    auth.login(sec["email"])
    saved = app.config["BARAZA_ENV"]
    try:
        app.config["BARAZA_ENV"] = "production"
        assert "a member replies by SMS" not in client.get("/t/mines-gh/messages/").get_data(as_text=True)
        assert client.post("/t/mines-gh/messages/reply", data={"csrf_token": auth.csrf("/t/mines-gh/messages/"),
                                                              "phone": "0201234510", "text": "YES"}).status_code == 404
        app.config["BARAZA_ENV"] = "development"
        page = client.get("/t/mines-gh/messages/").get_data(as_text=True)
        assert "a member replies by SMS" in page
        token = auth.csrf("/t/mines-gh/messages/")
        bad = client.post("/t/mines-gh/messages/reply", data={"csrf_token": token, "phone": "12", "text": "YES"})
        assert bad.status_code == 422 and "not a valid phone number" in bad.get_data(as_text=True)
        answer = client.post("/t/mines-gh/messages/reply",
                             data={"csrf_token": token, "phone": "020 123 4510", "text": f"yes {code}"})
        assert answer.status_code == 303
    finally:
        app.config["BARAZA_ENV"] = saved
    assert wait_for(lambda: invitation_of(app, forum_a, m["id"], ama).rsvp == "yes")
    assert inbound_log(app)[0].message_id != "" and inbound_log(app)[0].outcome == "answered"


def test_an_erased_members_codes_lead_nowhere(app, client, factory, callbacks, queue_redis, forum_a):
    from webapp.members import services as roll
    from webapp.members.models import Member
    from webapp.notices.sms.models import SmsReplyCode

    meeting_id, mid, code = invited(app, factory, forum_a, "+233201234511")
    with app.app_context(), tenant_context(forum_a):
        roll.erase_member(db.session.get(Member, (forum_a.id, mid)))
        db.session.commit()
    with app.app_context():
        assert db.session.scalars(select(SmsReplyCode).where(SmsReplyCode.phone == "+233201234511")).all() == []
    client.post("/sms/inbound?key=s3cret&id=e-1&from=%2B233201234511", data=f"YES {code}")
    assert inbound_log(app)[0].outcome == "unknown"
    assert invitation_of(app, forum_a, meeting_id, mid).rsvp == "none"


def test_kannel_never_texts_back_on_its_own_even_when_baraza_refuses_the_call(app, kannel, queue_redis, forum_a):
    saved = app.config["SMS_CALLBACK_SECRET"]
    app.config["SMS_CALLBACK_SECRET"] = "another-secret"  # Baraza answers 403: Kannel's "request failed" case
    try:
        kannel.send_from("+233201234512", "HELP")
        kannel.send_from("+233201234512", "")  # an empty message: Kannel's "empty message" case
        time.sleep(3)
        assert kannel.texted_back() == 0 and kannel.wait_received(1, timeout=1) == []
    finally:
        app.config["SMS_CALLBACK_SECRET"] = saved
    assert inbound_log(app) == []


def test_the_kannel_configuration_never_texts_back_and_keeps_delivery_reports():
    """What the live test above cannot wait for (smsbox retries a failed call for a minute before it would text
    "request failed" back), read in the configuration Kannel runs with."""
    from devtools.kannel_local import TEMPLATE

    conf = TEMPLATE.read_text()
    service = conf[conf.index("group = sms-service"):]
    for line in ("max-messages = 0", "omit-empty = true", "send-sender = true"):
        assert f"\n{line}\n" in service
    for line in ('reply-couldnotfetch = ""', 'reply-emptymessage = ""', 'reply-requestfailed = ""',
                 'reply-couldnotrepresent = ""', "mo-recode = true", "dlr-storage = redis"):
        assert f"\n{line}\n" in conf
    assert "post-url" in service and "get-url" not in service
