#!/usr/bin/env bash
# Proves that both commands work from a clone in a private folder (mode 700, as root's home is) and
# loosen no folder's mode on the way: clones this repository's HEAD (commits only) into such a folder,
# runs ./scripts/test on one short test file there, then ./scripts/run (on free ports) until
# http://127.0.0.1:$PORT/ answers 200, stops it with SIGTERM, and compares the modes of the clone
# and of every folder above it before and after. .ci/run calls it after ./scripts/test.
set -euo pipefail
SRC="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/baraza-private-XXXXXX")"
home="$work/home"
mkdir -m 700 "$home"
clone="$home/baraza"
run_pid=""
run_group=""

say() { echo "==> private folder check [${SECONDS}s]: $*"; }
fail() { echo "!! private folder check FAILED: $*" >&2; exit 1; }

cleanup() {
  if [ -n "$run_pid" ] && kill -0 "$run_pid" 2>/dev/null; then
    kill -TERM "$run_pid" 2>/dev/null || true
    wait "$run_pid" 2>/dev/null || true
  fi
  [ -n "$run_group" ] && kill -TERM -- "-$run_group" 2>/dev/null || true  # whatever it left running
  # what the run command keeps outside the clone for this checkout path (root only: /var/lib/baraza-dev/…)
  if [ -x "$clone/.venv/bin/python" ]; then
    state="$(cd "$clone" && .venv/bin/python -c 'import sys; sys.path.insert(0, "scripts"); import stack
d = stack.state_dir(); print(d or "")' 2>/dev/null || true)"
    [ -n "$state" ] && rm -rf "$state"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

modes() {  # mode, owner and path of the clone and of every folder above it
  local d="$clone"
  while :; do
    stat -c '%a %U %n' "$d"
    [ "$d" = / ] && break
    d="$(dirname "$d")"
  done
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

git clone -q "$SRC" "$clone"
git -C "$clone" checkout -q --detach "$(git -C "$SRC" rev-parse HEAD)"  # the commit under test, even on a detached HEAD
before="$(modes)"
say "clone in $clone; modes before:"
echo "$before" | sed 's/^/      /'
cd "$clone"
# a clean environment: the clone's own embedded servers, development settings
unset DATABASE_URL DATABASE_OWNER_URL REDIS_URL MAIL_SERVER MAIL_PORT BARAZA_ENV SECRET_KEY BASE_URL BARAZA_PG_SUPERUSER_DSN

say "./scripts/test tests/core/test_platform.py -k healthz"
BARAZA_TEST_WORKERS=0 ./scripts/test tests/core/test_platform.py -q -k healthz \
  || fail "./scripts/test failed in a private folder"
[ "$(modes)" = "$before" ] || fail "./scripts/test changed folder modes:
$(diff <(echo "$before") <(modes) || true)"

web="$(free_port)"
export PORT="$web" BARAZA_PG_PORT="$(free_port)" BARAZA_REDIS_PORT="$(free_port)" BARAZA_SMTP_PORT="$(free_port)"
export BARAZA_CACHE_REDIS_PORT="$(free_port)"
say "./scripts/run on 127.0.0.1:$web (PostgreSQL $BARAZA_PG_PORT, Redis $BARAZA_REDIS_PORT, SMTP $BARAZA_SMTP_PORT)"
setsid ./scripts/run >"$work/run.log" 2>&1 &  # in a process group of its own: what it leaves running shows
run_pid=$!
run_group=$run_pid
deadline=$((SECONDS + ${PRIVATE_CHECK_TIMEOUT:-300}))
until python3 - "$web" <<'EOF'
import sys, urllib.request
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/", timeout=5) as r:
        sys.exit(0 if r.status == 200 else 1)
except OSError:
    sys.exit(1)
EOF
do
  if ! kill -0 "$run_pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
    tail -n 60 "$work/run.log" >&2
    fail "./scripts/run did not answer 200 on http://127.0.0.1:$web/"
  fi
  sleep 1
done
say "http://127.0.0.1:$web/ answers 200; stopping with SIGTERM"
kill -TERM "$run_pid"
rc=0
wait "$run_pid" || rc=$?
run_pid=""
problems=()
[ $rc -eq 0 ] || problems+=("./scripts/run exited with $rc after SIGTERM")
sleep 1
left="$(ps -o pid=,stat=,args= --sid "$run_group" | awk '$2 !~ /^Z/' || true)"  # zombies are dead already
[ -z "$left" ] || problems+=("./scripts/run left processes running:
$left")
for p in "$web" "$BARAZA_PG_PORT" "$BARAZA_REDIS_PORT" "$BARAZA_CACHE_REDIS_PORT" "$BARAZA_SMTP_PORT"; do
  python3 -c 'import socket, sys; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))' "$p" 2>/dev/null \
    || problems+=("port $p is still in use after ./scripts/run stopped")
done
after="$(modes)"
[ "$after" = "$before" ] || problems+=("./scripts/run changed folder modes:
$(diff <(echo "$before") <(echo "$after") || true)")
if [ ${#problems[@]} -gt 0 ]; then
  tail -n 40 "$work/run.log" >&2
  fail "$(printf '%s\n' "${problems[@]}")"
fi
say "passed: both commands work in a private folder and no folder's mode changed"
