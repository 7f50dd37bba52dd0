#!/usr/bin/env bash
# The production layout proved on one machine (issue 45), by hand: nginx with TLS in front of two gunicorn nodes, two
# workers and a scheduler, a PostgreSQL primary and its streaming replica, all on loopback
# (tests/drills/test_layout.py), then the upgrade drill (tests/drills/test_upgrade.py). Prints each drill's figures
# and exits non-zero when one misses its threshold: a failed GET while a node is killed, an export from the replica
# that differs from the primary's, a write not accepted again within 45 s of the primary's loss, a failed request
# while the migrations run. CI runs the same drills inside the suite (./scripts/test).
set -euo pipefail
cd "$(dirname "$0")/.."
BARAZA_TEST_WORKERS=0 exec ./scripts/test tests/drills/test_layout.py tests/drills/test_upgrade.py -s -q \
  -p no:cacheprovider "$@"
