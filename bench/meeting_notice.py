"""Notice of a meeting to 1,000 invitees: the request's time, and the time until the SMTP sink has every email.

Run while ./scripts/run is up (its two workers and SMTP sink do the delivery):
    .venv/bin/python bench/meeting_notice.py [invitees]
"""
from __future__ import annotations

import os
import re
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta

os.environ.setdefault("BARAZA_ENV", "development")
os.environ.setdefault("DATABASE_URL", "postgresql+psycopg://baraza_app:baraza-app-dev@127.0.0.1:55432/baraza")
os.environ.setdefault("REDIS_URL", "redis://:baraza-redis-dev@127.0.0.1:56379/0")

from sqlalchemy import func, select  # noqa: E402

from tenants.models import Tenant  # noqa: E402
from tenants.rls import tenant_context  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.demo import DEMO_PASSWORD  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.meetings import services as meetings  # noqa: E402
from webapp.members import services as roll  # noqa: E402
from webapp.notices.models import Notice  # noqa: E402


def main(n: int) -> None:
    app = create_app()
    run = uuid.uuid4().hex[:6]
    with app.app_context():
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == "ghana-nsccl"))
        with tenant_context(tenant):
            committee = roll.save_committee(None, name=f"Bench assembly {run}", kind="plenary", level="national")
            for i in range(n):
                m = roll.add_member(f"Bench {run} {i}", f"bench-{run}-{i}@example.org", "member",
                                    locale=("en", "ha", "fr")[i % 3])
                roll.set_seat(committee, m, "member")
            start = datetime.now(UTC) + timedelta(days=30)
            meeting = meetings.save_meeting(None, {
                "title": f"General assembly {run}", "committee_id": committee.id, "kind": "plenary",
                "start_at": start, "end_at": start + timedelta(hours=3), "venue": "Accra", "online_link": None,
                "language": "en", "interpretation_languages": ["ha"], "expected_outputs": "Bench",
                "visibility": "members"})
            meetings.save_agenda_item(meeting, None, title="Opening", presenter=None, minutes=10, kind="information")
            db.session.commit()
            meeting_id = meeting.id
    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    client.post("/login", data={"email": "akosua.mensah@example.org", "password": DEMO_PASSWORD, "csrf_token": token})
    page = client.get(f"/t/ghana-nsccl/meetings/{meeting_id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    t0 = time.perf_counter()
    if os.environ.get("PROFILE"):
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
    r = client.post(f"/t/ghana-nsccl/meetings/{meeting_id}/notice", data={"csrf_token": token, "confirm": "1"})
    request_ms = (time.perf_counter() - t0) * 1000
    if os.environ.get("PROFILE"):
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    assert r.status_code == 303, r.status_code
    print(f"send notice to {n} invitees: request answered in {request_ms:.0f} ms")
    with app.app_context():
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == "ghana-nsccl"))
        _poll(tenant, meeting_id, n, t0)


def _poll(tenant: Tenant, meeting_id: int, n: int, t0: float) -> None:
    with tenant_context(tenant):
        while True:
            sent = db.session.scalar(select(func.count()).select_from(Notice).where(
                Notice.kind == "meeting_invitation", Notice.dedupe_key.like(f"meeting_invitation:{meeting_id}:%"),
                Notice.status == "sent"))
            db.session.rollback()
            if sent >= n:
                break
            if time.perf_counter() - t0 > 600:
                print(f"gave up: {sent} sent")
                return
            time.sleep(0.25)
    print(f"all {n} invitations (with .ics) in the sink {time.perf_counter() - t0:.1f} s after the click")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
