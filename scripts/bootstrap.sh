# Sourced by scripts/run and scripts/test: virtualenv, Python packages, front-end assets.
# Idempotent and quick when nothing changed (a stamp holds the hash of what was installed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> creating virtualenv .venv"
  "$PY" -m venv .venv
fi
stamp=".venv/.baraza-installed"
want="$(cat pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "==> installing Python packages (pyproject.toml)"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e '.[dev]'
  echo "$want" > "$stamp"
fi
# compiled catalogues (.mo) are build products: made here, never committed
.venv/bin/pybabel -q compile -d translations 2>/dev/null || .venv/bin/pybabel compile -d translations
assets="webapp/static/vendor"
astamp="$assets/.stamp"
awant="$(cat package-lock.json | sha256sum | cut -d' ' -f1)"
if [ ! -f "$astamp" ] || [ "$(cat "$astamp")" != "$awant" ]; then
  echo "==> fetching front-end assets from the npm registry (htmx, Pico CSS)"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  mkdir -p "$assets"
  cp node_modules/htmx.org/dist/htmx.min.js "$assets/htmx.min.js"
  cp node_modules/@picocss/pico/css/pico.min.css "$assets/pico.min.css"
  echo "$awant" > "$astamp"
fi
# static files under content-hashed names with .br/.gz versions (webapp/core/assets.py): build products in
# webapp/static-build/ (git-ignored). The app also builds them at start; doing it here first spares gunicorn's
# workers doing it together. Quick when nothing changed.
.venv/bin/python -m webapp.core.assets >/dev/null
