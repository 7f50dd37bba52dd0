"""Static files with content-hashed names, precompressed, cached for ever (issue 20, "Light").

At app start `build()` copies every file of webapp/static/ to STATIC_BUILD_DIR under a name carrying
the first 12 hex digits of its SHA-256 (css/app.css -> css/app.1a2b3c4d5e6f.css) and writes Brotli
(.br) and gzip (.gz) versions next to it with WhiteNoise's compressor. Files already there are kept
(their name says their content), so a second start only hashes. Writes are atomic: gunicorn workers
or test workers starting together never see half a file. `python -m webapp.core.assets [target]`
does the same ahead of time (for a read-only code folder in production).

WhiteNoise serves the folder under /static/ with `Cache-Control: max-age=315360000, public, immutable`
and picks .br or .gz from the request's Accept-Encoding. `url_for('static', filename=...)` in every
template gives the hashed name (a URL-defaults hook), so a changed file gets a new URL. A name that is
not in the manifest still falls through to Flask's own static route (revalidated on each load).
"""
from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

HASHED = re.compile(r"\.[0-9a-f]{12}(\.[A-Za-z0-9]+)?$")
SOURCE = Path(__file__).resolve().parent.parent / "static"
DEFAULT_TARGET = Path(__file__).resolve().parent.parent / "static-build"  # git-ignored build product


def hashed_name(relative: str, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()[:12]
    folder, _, name = relative.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    hashed = f"{stem}.{digest}.{ext}" if dot and stem else f"{name}.{digest}"
    return f"{folder}/{hashed}" if folder else hashed


def _write(path: Path, data: bytes, scratch: Path) -> None:
    """Written beside the target folder (never inside: WhiteNoise lists it), then renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=scratch)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build(source: Path = SOURCE, target: Path = DEFAULT_TARGET) -> dict[str, str]:
    """Hashed copies and their .br/.gz versions in `target`; returns {name: hashed name}."""
    compressor = Compressor(quiet=True)
    scratch = target.with_name(target.name + ".tmp")
    manifest: dict[str, str] = {}
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source).as_posix()
        if not path.is_file() or any(part.startswith(".") for part in relative.split("/")):
            continue  # vendor/.stamp and the like
        data = path.read_bytes()
        hashed = hashed_name(relative, data)
        manifest[relative] = hashed
        out = target / hashed
        if not out.exists():
            _write(out, data, scratch)
        if not data or not compressor.should_compress(relative):
            continue
        for suffix, compress in ((".br", compressor.compress_brotli), (".gz", compressor.compress_gzip)):
            variant = out.with_name(out.name + suffix)
            if variant.exists():
                continue
            packed = compress(data)
            if len(packed) <= 0.95 * len(data):  # WhiteNoise's own threshold
                _write(variant, packed, scratch)
    return manifest


def init_app(app: Flask) -> None:
    target = Path(app.config.get("STATIC_BUILD_DIR") or DEFAULT_TARGET)
    manifest = build(Path(app.static_folder or SOURCE), target)
    app.extensions["static_manifest"] = manifest

    @app.url_defaults
    def hashed_static(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static":
            name = manifest.get(values.get("filename", ""))
            if name:
                values["filename"] = name

    def headers(headers: Any, _path: str, _url: str) -> None:
        headers["X-Content-Type-Options"] = "nosniff"

    app.wsgi_app = WhiteNoise(  # type: ignore[method-assign]
        app.wsgi_app, root=str(target), prefix=(app.static_url_path or "/static").strip("/") + "/",
        immutable_file_test=lambda _path, url: bool(HASHED.search(url)), add_headers_function=headers,
    )


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_TARGET
    for name, hashed in build(SOURCE, out).items():
        print(f"{name} -> {out / hashed}")
