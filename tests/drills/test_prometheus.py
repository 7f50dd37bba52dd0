"""Issue 44's drill: Debian's Prometheus server scrapes /metrics of a gunicorn with two workers (multiprocess mode),
and the example rule "no worker" fires once the only RQ worker is stopped. Needs `prometheus` (scripts/test
installs it with apt when it can); skipped without it."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.drills.test_faults import worker_env
from tests.drills.test_load import stack

ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS = shutil.which("prometheus")
RULES = """groups:
  - name: baraza
    rules:
      - alert: BarazaNoWorker
        expr: max(baraza_workers) == 0
        for: 2s
"""


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310 - loopback
        return json.load(r)


def wait_for(check, timeout: float, what: str):  # noqa: ANN001, ANN201
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = check()
        except OSError:
            found = None
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.mark.skipif(PROMETHEUS is None, reason="Debian's prometheus is not installed (apt-get install prometheus)")
def test_prometheus_scrapes_metrics_and_the_no_worker_alert_fires(app, databases, redis_url, smtp_server,
                                                                   queue_redis, tmp_path):
    multiproc = tmp_path / "multiproc"
    multiproc.mkdir()
    web_port, prom_port = stack.free_port(), stack.free_port()
    env = worker_env(app, databases, redis_url, smtp_server[1].port) | {"PROMETHEUS_MULTIPROC_DIR": str(multiproc)}
    (tmp_path / "rules.yml").write_text(RULES)
    (tmp_path / "prometheus.yml").write_text(
        "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
        f"rule_files: ['{tmp_path / 'rules.yml'}']\n"
        "scrape_configs:\n"
        f"  - job_name: baraza\n    static_configs: [{{targets: ['127.0.0.1:{web_port}']}}]\n")
    procs = []
    try:
        procs.append(subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{web_port}",
                                       "--workers", "2", "wsgi:app"], cwd=ROOT, env=env, start_new_session=True,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        worker = subprocess.Popen([sys.executable, "-m", "worker.main", "default"], cwd=ROOT, env=env,
                                  start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(worker)
        procs.append(subprocess.Popen([PROMETHEUS, f"--config.file={tmp_path / 'prometheus.yml'}",
                                       f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                                       f"--web.listen-address=127.0.0.1:{prom_port}"],
                                      start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        api = f"http://127.0.0.1:{prom_port}/api/v1"
        base = f"http://127.0.0.1:{web_port}"
        wait_for(lambda: urllib.request.urlopen(base + "/healthz", timeout=1).status == 200, 60, "gunicorn")  # noqa: S310

        def workers() -> float | None:
            result = get_json(api + "/query?" + urllib.parse.urlencode({"query": "baraza_workers"}))["data"]["result"]
            return float(result[0]["value"][1]) if result else None

        assert wait_for(lambda: workers() == 1, 60, "a scrape showing one worker")
        # requests served by either gunicorn worker are summed on every scrape (multiprocess mode)
        for _ in range(6):
            urllib.request.urlopen(base + "/readyz", timeout=5)  # noqa: S310 - loopback
        query = 'sum(baraza_request_duration_seconds_count{route="core.readyz",status="200"})'
        assert wait_for(lambda: (r := get_json(api + "/query?" + urllib.parse.urlencode({"query": query}))
                                 ["data"]["result"]) and float(r[0]["value"][1]) >= 6, 30, "the requests counted")
        alerts = get_json(api + "/alerts")["data"]["alerts"]
        assert not [a for a in alerts if a["labels"]["alertname"] == "BarazaNoWorker"]

        stop(worker)  # RQ's warm shutdown: the worker leaves Redis's worker registry
        firing = wait_for(lambda: [a for a in get_json(api + "/alerts")["data"]["alerts"]
                                   if a["labels"]["alertname"] == "BarazaNoWorker" and a["state"] == "firing"],
                          60, "the BarazaNoWorker alert to fire")
        assert firing
    finally:
        for proc in procs:
            stop(proc)
