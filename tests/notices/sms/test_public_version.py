"""Issue 31: SMS rows are no public page's content, so sending an SMS or recording its delivery report does not flush
the forum's cached public pages (its content version stays)."""
from __future__ import annotations

import time

from tenants.rls import tenant_context
from webapp.core import content_version, signing
from webapp.extensions import db
from webapp.notices.sms import builder
from webapp.notices.sms import services as sms
from webapp.notices.sms.delivery_reports import PURPOSE
from webapp.notices.sms.models import SmsMessage


def _version(app, tenant) -> int:  # noqa: ANN001
    with app.test_request_context():
        return content_version.version(tenant.id)


def test_sending_an_sms_and_its_delivery_report_leave_the_content_version_alone(app, client, queue_redis, tmp_path,
                                                                                  two_forums):
    import worker.sms

    forum = two_forums["a"]
    saved = {k: app.config.get(k) for k in ("SMS_DEV_DIR", "SMS_CALLBACK_SECRET", "SMS_CALLBACK_ALLOW")}
    app.config.update(SMS_DEV_DIR=str(tmp_path), SMS_CALLBACK_SECRET="s3cret", SMS_CALLBACK_ALLOW="127.0.0.1")
    try:
        with app.app_context(), tenant_context(forum):
            hello = builder.build(builder.Draft("test", builder.Fields(who="FA")), "en")
            [sid] = sms.queue_sms([{"phone": "+233201234599", "kind": "test", "sms": hello,
                                    "dedupe_key": f"v-{time.time()}"}])
            db.session.commit()
        before = _version(app, forum)
        assert worker.sms.deliver_sms(forum.id, sid) == 1
        with app.app_context(), tenant_context(forum):
            assert db.session.get(SmsMessage, (forum.id, sid)).status == "sent"
        assert _version(app, forum) == before

        ref = f"{forum.id}-{sid}"
        r = client.get(f"/sms/dlr?m={ref}&sig={signing.mac(PURPOSE, ref, 's3cret')}&type=1&part=p1")
        assert r.status_code == 200
        with app.app_context(), tenant_context(forum):
            assert db.session.get(SmsMessage, (forum.id, sid)).status == "delivered"
        assert _version(app, forum) == before
    finally:
        app.config.update(saved)
