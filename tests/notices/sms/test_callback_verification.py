"""Issue 31: Kannel's callbacks. A delivery report's signature covers only the message id (Kannel fills in the type
and the part after the URL is signed), so the first final report per (SMS, part) wins and a contradicting later one
is logged, not applied; secrets and signatures given as non-ASCII text are refused (403), never a 500."""
from __future__ import annotations

import logging

from webapp.core import signing
from webapp.notices.sms.delivery_reports import PURPOSE

from .test_replies import callbacks, dlr, forum_a, sent_sms, sms_rows  # noqa: F401  (fixtures and helpers)


def test_a_replayed_report_with_another_type_does_not_undo_delivered(app, client, callbacks, queue_redis,  # noqa: F811
                                                                      forum_a, caplog):  # noqa: F811
    sid = sent_sms(app, forum_a, 1)
    ref = f"{forum_a.id}-{sid}"
    assert dlr(client, ref, 1, "p1").status_code == 200
    assert sms_rows(app, forum_a, id=sid)[0].status == "delivered"
    with caplog.at_level(logging.WARNING, logger="webapp.notices.sms.delivery_reports"):
        assert dlr(client, ref, 2, "p1").status_code == 200  # the logged URL, replayed with type=2 (failed)
        assert dlr(client, ref, 16, "p1").status_code == 200  # and with 16 (refused by the SMSC)
        assert dlr(client, ref, 2, "another-part").status_code == 200  # a part a one-part SMS does not have
    row = sms_rows(app, forum_a, id=sid)[0]
    assert row.status == "delivered" and row.last_error is None
    assert sum("contradicts" in r.getMessage() for r in caplog.records) == 3


def test_the_first_final_report_of_a_part_wins(app, client, callbacks, queue_redis, forum_a):  # noqa: F811
    sid = sent_sms(app, forum_a, 2)
    ref = f"{forum_a.id}-{sid}"
    assert dlr(client, ref, 2, "p1").status_code == 200  # part 1 failed
    assert sms_rows(app, forum_a, id=sid)[0].status == "failed"
    dlr(client, ref, 1, "p1")  # a later "delivered" for the same part changes nothing
    dlr(client, ref, 1, "p2")
    assert sms_rows(app, forum_a, id=sid)[0].status == "failed"

    other = sent_sms(app, forum_a, 2)
    ref = f"{forum_a.id}-{other}"
    dlr(client, ref, 1, "p1")
    dlr(client, ref, 1, "p2")
    assert sms_rows(app, forum_a, id=other)[0].status == "delivered"
    dlr(client, ref, 2, "p3")  # a third part of a two-part SMS: nothing to apply it to
    assert sms_rows(app, forum_a, id=other)[0].status == "delivered"


def test_non_ascii_secrets_and_signatures_are_refused_not_a_500(app, client, callbacks, queue_redis,  # noqa: F811
                                                                 forum_a):  # noqa: F811
    assert client.post("/sms/inbound?key=%D9%A3&id=k-1&from=%2B233201234507", data="YES").status_code == 403
    assert client.post("/sms/inbound?key=s3cr%C3%A9t&id=k-1&from=%2B233201234507", data="YES").status_code == 403
    sid = sent_sms(app, forum_a, 1)
    ref = f"{forum_a.id}-{sid}"
    assert client.get(f"/sms/dlr?m={ref}&sig=%D9%A3&type=1&part=p1").status_code == 403
    assert dlr(client, ref, 1, "p1", sig="é" * 32).status_code == 403
    assert sms_rows(app, forum_a, id=sid)[0].status == "sent"
    with app.app_context():
        assert signing.mac_ok(PURPOSE, ref, "s3cret", "٣" * 32) is False
        assert signing.mac_ok(PURPOSE, ref, "s3cret", signing.mac(PURPOSE, ref, "s3cret")) is True
