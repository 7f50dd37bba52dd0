"""The test suite. prometheus-client's multiprocess folder (issue 44) is given per pytest worker, before anything
imports prometheus_client (it reads PROMETHEUS_MULTIPROC_DIR once): a test's counts are its own worker's."""
import os

if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    _own = os.path.join(os.environ["PROMETHEUS_MULTIPROC_DIR"], os.environ.get("PYTEST_XDIST_WORKER", "main"))
    os.makedirs(_own, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _own
