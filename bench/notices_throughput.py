"""How long 1,000 notices take to reach the SMTP sink with the run command's two workers.

Run while ./scripts/run is up (same environment: DATABASE_URL etc. default to the run command's):
    .venv/bin/python bench/notices_throughput.py [count]
"""
from __future__ import annotations

import os
import sys
import time
import uuid

os.environ.setdefault("BARAZA_ENV", "development")
os.environ.setdefault("DATABASE_URL", "postgresql+psycopg://baraza_app:baraza-app-dev@127.0.0.1:55432/baraza")
os.environ.setdefault("DATABASE_OWNER_URL",
                      "postgresql+psycopg://baraza_owner:baraza-owner-dev@127.0.0.1:55432/baraza")
os.environ.setdefault("REDIS_URL", "redis://:baraza-redis-dev@127.0.0.1:56379/0")

from sqlalchemy import func, select  # noqa: E402

from tenants.models import Tenant  # noqa: E402
from tenants.rls import tenant_context  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.notices import services  # noqa: E402
from webapp.notices.models import Notice  # noqa: E402


def main(count: int) -> None:
    app = create_app()
    run = uuid.uuid4().hex[:8]
    with app.app_context():
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == "ghana-nsccl"))
        with tenant_context(tenant):
            t0 = time.perf_counter()
            for i in range(count):
                services.queue_notice("test", email=f"bench{i}@example.org", name=f"Bench {i}", locale="fr",
                                      payload={}, dedupe_key=f"bench:{run}:{i}")
            db.session.commit()  # enqueues the jobs after the commit
            queued = time.perf_counter() - t0
            print(f"queued {count} notices in {queued:.2f} s (rows + enqueue)")
            while True:
                sent = db.session.scalar(select(func.count()).select_from(Notice)
                                         .where(Notice.dedupe_key.like(f"bench:{run}:%"), Notice.status == "sent"))
                db.session.rollback()
                if sent >= count:
                    break
                if time.perf_counter() - t0 > 300:
                    print(f"gave up: {sent} sent")
                    return
                time.sleep(0.2)
            print(f"all {count} delivered to the sink {time.perf_counter() - t0:.2f} s after the first row was written")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
