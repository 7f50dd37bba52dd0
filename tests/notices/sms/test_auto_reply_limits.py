"""Issue 31: automatic replies (confirmations of STOP, START and answers, help) are limited per number — an identical
repeat is not confirmed again, a changed answer is — and capped per number per hour and per day, so a phone cannot
spend the forum's SMS allowance; the Messages page shows which numbers text the most."""
from __future__ import annotations

from sqlalchemy import text

from webapp.extensions import db

from . import test_replies
from .test_replies import inbound_log, invited, sms_rows

callbacks = test_replies.callbacks  # the fixture
forum_a = test_replies.forum_a  # the fixture

PHONE = "+233201234520"


def _post(client, n: int, body: str, phone: str = PHONE) -> None:  # noqa: ANN001
    r = client.post(f"/sms/inbound?key=s3cret&id=lim-{n}&from={phone.replace('+', '%2B')}", data=body)
    assert r.status_code == 200


def test_the_same_stop_start_or_answer_six_times_is_confirmed_once(app, client, factory, callbacks, queue_redis,
                                                                  forum_a):
    _meeting, _mid, code = invited(app, factory, forum_a, PHONE)
    for i in range(6):
        _post(client, i, "STOP")
    for i in range(6):
        _post(client, 10 + i, "START")
    for i in range(6):
        _post(client, 20 + i, f"YES {code}")
    assert len(sms_rows(app, forum_a, kind="opt_out")) == 1
    assert len(sms_rows(app, forum_a, kind="opt_in")) == 1  # START after STOP is a change: confirmed
    assert len(sms_rows(app, forum_a, kind="reply")) == 1
    _post(client, 30, f"NO {code}")  # a changed answer is confirmed
    assert len(sms_rows(app, forum_a, kind="reply")) == 2
    assert [r.outcome for r in inbound_log(app)].count("stop") == 6  # every text is still logged and acted on


def test_automatic_replies_per_number_are_capped_per_hour_and_per_day(app, client, factory, callbacks, queue_redis,
                                                                       forum_a):
    invited(app, factory, forum_a, PHONE)
    saved = {k: app.config.get(k) for k in ("SMS_AUTO_REPLIES_PER_HOUR", "SMS_AUTO_REPLIES_PER_DAY")}
    app.config.update(SMS_AUTO_REPLIES_PER_HOUR=3, SMS_AUTO_REPLIES_PER_DAY=5)
    try:
        for i in range(10):  # every one a change: STOP, START, STOP...
            _post(client, i, "STOP" if i % 2 == 0 else "START")
        replies = lambda: len(sms_rows(app, forum_a, kind="opt_out")) + len(sms_rows(app, forum_a, kind="opt_in"))  # noqa: E731
        assert replies() == 3
        with app.app_context():  # two hours later: the hour's cap is free again, the day's is not
            db.session.execute(text("UPDATE sms_auto_replies SET sent_at = sent_at - interval '2 hours'"))
            db.session.commit()
        for i in range(10, 20):
            _post(client, i, "STOP" if i % 2 == 0 else "START")
        assert replies() == 5
        _post(client, 99, "HELP")  # help goes through the same cap
        assert sms_rows(app, forum_a, kind="help") == []
    finally:
        app.config.update(saved)


def test_the_messages_page_shows_the_busiest_numbers_masked(app, client, auth, factory, callbacks, queue_redis,
                                                            forum_a):
    sec = factory.member(forum_a, "Sena Secretariat", "secretariat")
    invited(app, factory, forum_a, PHONE)
    for i in range(7):
        _post(client, i, "STOP")
    auth.login(sec["email"])
    page = client.get("/t/mines-gh/messages/").get_data(as_text=True)
    assert "Busiest numbers this week" in page
    assert "+233•••••••20" in page and PHONE not in page.split("Busiest numbers this week", 1)[1].split("</section>")[0]
    assert 'data-label="Texts received">7<' in page
