"""Worker entry point: `python -m worker.main [queue ...]` (default: notices reports default).

The app is created once in this process; RQ forks a work horse per job, and the job wrapper
drops the inherited database connections in the child. SIGTERM stops it within seconds (worker/stopping.py)."""
from __future__ import annotations

import sys

import redis

# Imported for their side effect only: the job modules RQ will look up by dotted name are loaded
# once here, before RQ forks a work horse per job, so no job pays for importing them.
import worker.delivery  # noqa: F401  (deliver_notice, deliver_platform_mail: loaded before forking)
import worker.federation  # noqa: F401  (snapshots, objectives copied down: loaded before forking)
import worker.figures  # noqa: F401  (the per-forum figures behind /metrics: loaded before forking)
import worker.recordings  # noqa: F401  (transcode: loaded before forking)
import worker.reports  # noqa: F401  (build_report: loaded before forking)
import worker.sms  # noqa: F401  (deliver_sms: loaded before forking)
import worker.sweeps  # noqa: F401  (the scheduled sweeps: loaded before forking)
from webapp import create_app, wiring
from webapp.core import error_tracking
from webapp.core.queue import QUEUES
from worker.runtime import set_app
from worker.stopping import Worker


def main(argv: list[str]) -> None:
    burst = "--burst" in argv  # until the queues are empty (drills and one-off runs)
    queues = [q for q in argv if not q.startswith("--")] or list(QUEUES)
    app = create_app()
    wiring.wire()  # create_app wired already; said here so the worker's joints are plain to see
    error_tracking.init(app)  # only when SENTRY_DSN is set
    set_app(app)
    connection = redis.Redis.from_url(app.config["REDIS_URL"])
    Worker(queues, connection=connection).work(with_scheduler=not burst, burst=burst)


if __name__ == "__main__":
    main(sys.argv[1:])
