"""The one place ffmpeg runs (issue 46). An upload is hostile: its format is decided here from its magic bytes among
a short list and forced with ``-f``, so ffmpeg never probes it (its HLS playlist and concat readers, which follow
paths and URLs, are never tried); the input is piped in and only the ``pipe`` protocol is allowed, behind ffmpeg's
``cache`` protocol (a phone's m4a has its index at the end: the demuxer seeks back, which a bare pipe cannot do, so
the cache keeps what was read in a temporary file of a private folder); the process has time, size and CPU
limits. The output is Opus in Ogg, mono, 12 kbit/s: about 95 KB a minute of speech."""
from __future__ import annotations

import resource
import subprocess
import tempfile

FFMPEG = "/usr/bin/ffmpeg"
MAX_UPLOAD_BYTES = 25 * 1024 * 1024  # a phone's m4a of half an hour is about 15 MB
MAX_SECONDS = 30 * 60  # longer recordings are cut at half an hour
CPU_SECONDS = 120
WALL_SECONDS = 180
MEMORY_BYTES = 1024 * 1024 * 1024
OUTPUT_TYPE = "audio/ogg"  # Opus in Ogg: every current browser and most phones play it
OUTPUT_EXTENSION = "ogg"


class AudioError(Exception):
    """``code``: ``type`` (not one of the formats), ``size``, ``empty``, ``unreadable`` (ffmpeg refused it),
    ``too_long_to_transcode`` (the limits stopped it)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def sniff(data: bytes) -> str | None:
    """The ffmpeg demuxer for these bytes, from their magic alone; None for anything else (a playlist, a concat
    list, a video container we do not take, text). The name a file was uploaded with is never trusted."""
    if len(data) >= 12 and data[4:8] == b"ftyp":
        return "mov"  # m4a, mp4 audio, 3gp: ISO base media
    if data.startswith(b"OggS"):
        return "ogg"
    if data.startswith(b"RIFF") and data[8:12] == b"WAVE":
        return "wav"
    if data.startswith(b"#!AMR"):
        return "amr"
    if data.startswith(b"\x1a\x45\xdf\xa3"):
        return "matroska"  # webm (a browser's MediaRecorder)
    if data.startswith(b"ID3") or (len(data) >= 2 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "mp3"
    return None


def check(data: bytes) -> str:
    """The demuxer for an upload, or AudioError."""
    if not data:
        raise AudioError("empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise AudioError("size")
    fmt = sniff(data)
    if fmt is None:
        raise AudioError("type")
    return fmt


def command(fmt: str) -> list[str]:
    """ffmpeg's arguments for a sniffed format: ``-f`` always comes before the input, which is always the pipe."""
    if fmt not in ("mov", "ogg", "wav", "amr", "matroska", "mp3"):
        raise AudioError("type")
    return [FFMPEG, "-hide_banner", "-nostats", "-loglevel", "error", "-protocol_whitelist", "cache,pipe",
            "-f", fmt, "-i", "cache:pipe:0", "-t", str(MAX_SECONDS), "-map", "0:a:0", "-vn", "-sn", "-dn",
            "-ac", "1", "-c:a", "libopus", "-b:a", "12k", "-application", "voip", "-map_metadata", "-1",
            "-f", "ogg", "pipe:1"]


def _limits() -> None:  # runs in the child before ffmpeg starts
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    # its only file is the cache of its input (its output is the pipe)
    resource.setrlimit(resource.RLIMIT_FSIZE, (2 * MAX_UPLOAD_BYTES, 2 * MAX_UPLOAD_BYTES))


def transcode(data: bytes) -> bytes:
    """The upload as Opus in Ogg, or AudioError. Blocking: the worker calls it, never a request."""
    fmt = check(data)
    with tempfile.TemporaryDirectory(prefix="baraza-audio-") as folder:
        try:
            done = subprocess.run(command(fmt), input=data, capture_output=True, timeout=WALL_SECONDS,
                                  preexec_fn=_limits, check=False, cwd=folder,  # noqa: PLW1509 - hostile input
                                  env={"PATH": "/usr/bin:/bin", "TMPDIR": folder, "LC_ALL": "C"})
        except subprocess.TimeoutExpired as e:
            raise AudioError("too_long_to_transcode") from e
    if done.returncode != 0 or len(done.stdout) < 64:
        raise AudioError("unreadable")
    return done.stdout


def seconds(ogg: bytes) -> int:
    """The length of an Ogg Opus stream from its last page's granule position (48 kHz), without running anything."""
    last = ogg.rfind(b"OggS")
    if last < 0 or len(ogg) < last + 14:
        return 0
    granule = int.from_bytes(ogg[last + 6:last + 14], "little", signed=True)
    return max(0, round(granule / 48000))


def tone(duration: int) -> bytes:
    """An m4a as a phone writes it (AAC, its index at the end) holding a tone: the demo's stand-in for a voice. Its
    input is ffmpeg's own generator (``-f lavfi``), never a file."""
    with tempfile.TemporaryDirectory(prefix="baraza-audio-") as folder:
        path = f"{folder}/tone.m4a"
        subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                        f"sine=frequency=220:duration={int(duration)}", "-c:a", "aac", path], check=True, timeout=60)
        with open(path, "rb") as f:
            return f.read()
