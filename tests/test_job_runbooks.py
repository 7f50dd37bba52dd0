"""Every scheduled job (worker/cron.py) has its runbook in docs/operations.md, "Scheduled jobs" (issue 44), and each
runs once over the demo forums within its stated budget; the figures the runbooks quote come from here
(``-s`` prints them)."""
from __future__ import annotations

import ast
import importlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 20.0  # one run over the three demo forums, on a 2-core machine shared with other work


def registered() -> list[tuple[str, str]]:
    """(job name, dotted function) for each cron.register call in worker/cron.py."""
    tree = ast.parse((ROOT / "worker" / "cron.py").read_text())
    jobs = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "register":
            fn = node.args[0]
            assert isinstance(fn, ast.Attribute) and isinstance(fn.value, ast.Name)
            name = next(k.value.value for k in node.keywords if k.arg == "name" and isinstance(k.value, ast.Constant))
            jobs.append((name, f"worker.{fn.value.id}.{fn.attr}"))
    return jobs


def _function(dotted: str) -> Callable[[], Any]:
    module, attr = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module), attr)


def runbook_section() -> str:
    guide = (ROOT / "docs" / "operations.md").read_text()
    start = guide.index("## Scheduled jobs")
    end = guide.find("\n## ", start + 3)
    return guide[start:end if end > 0 else None]


def test_every_scheduled_job_has_a_runbook():
    section = runbook_section()
    jobs = registered()
    assert len(jobs) >= 12
    missing = [name for name, _fn in jobs if f"### `{name}`" not in section]
    assert missing == [], f"no runbook in docs/operations.md, 'Scheduled jobs', for {missing}"


def test_every_scheduled_job_runs_over_the_demo_within_its_budget(app, queue_redis):
    from webapp import demo

    with app.app_context():
        demo.load()
    figures = {}
    for name, dotted in registered():
        started = time.perf_counter()
        _function(dotted)()
        figures[name] = time.perf_counter() - started
    print("\n".join(f"{name:28} {seconds * 1000:8.0f} ms" for name, seconds in figures.items()))
    slow = {name: round(s, 1) for name, s in figures.items() if s > BUDGET_SECONDS}
    assert slow == {}, slow
