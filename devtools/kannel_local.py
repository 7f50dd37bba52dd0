"""A local Kannel for development and tests: bearerbox + smsbox against Kannel's fake SMSC (fakesmsc).

Debian's ``kannel`` and ``kannel-extras`` packages provide the programs (scripts/test and scripts/run install them
with apt when missing). Everything listens on 127.0.0.1; the admin interface has a password; the message store is a
persistent spool in the instance's own folder. Each instance needs four ports (admin, box, fake SMSC, sendsms) and
Kannel cannot bind port 0, so free ports are chosen here and the start is retried with others if one was taken in
between. Ports 13000-13099 are never chosen: on hosts with systemd the package starts its own bearerbox on
13000/13002 at install, and 13013 is smsbox's default.

Nothing here is used in production, where Kannel runs as the ``kannel`` user from /etc/kannel/kannel.conf.
"""
from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BEARERBOX = "/usr/sbin/bearerbox"
SMSBOX = "/usr/sbin/smsbox"
FAKESMSC = "/usr/lib/kannel/test/fakesmsc"
TEMPLATE = Path(__file__).with_name("kannel.conf.template")
RESERVED = range(13000, 13100)  # the system's own Kannel (systemd) and Kannel's default ports
LOG_LEVEL = 3  # errors only: Kannel's logs hold phone numbers and texts
DLR_DB = 15  # the Redis database of the delivery reports Kannel waits for (the tests use 0 to n per worker)


def available() -> bool:
    return all(os.access(p, os.X_OK) for p in (BEARERBOX, SMSBOX, FAKESMSC))


def _free_port(taken: set[int]) -> int:
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in RESERVED and port not in taken:
            taken.add(port)
            return port


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@dataclass(frozen=True)
class Received:
    """One message as the fake SMSC got it, its parts joined (UDH concatenation)."""

    sender: str
    to: str
    text: str
    parts: int


def _raw(kind: str, data: str) -> tuple[bool, bytes]:
    """(is UCS-2, bytes): Baraza sends GSM-7 as ``text`` and UCS-2 (coding 2), which fakesmsc shows as url-encoded
    ``data`` (UTF-16BE)."""
    if kind == "text":
        return False, data.encode()
    return True, urllib.parse.unquote_to_bytes(data.replace("+", " "))


def _text(ucs2: bool, raw: bytes) -> str:
    return raw.decode("utf-16-be", errors="replace") if ucs2 else raw.decode("utf-8", errors="replace")


_GOT = re.compile(r"Got message \d+: <(\S+) (\S+) (.*)>$")


def parse_fakesmsc(log: str) -> list[Received]:
    """Messages in fakesmsc's output, multipart ones joined by their UDH reference."""
    out: list[Received] = []
    pending: dict[tuple[str, int], dict[int, tuple[bool, bytes]]] = {}
    for line in log.splitlines():
        m = _GOT.search(line)
        if not m:
            continue
        sender, to, rest = m.groups()
        kind, _, body = rest.partition(" ")
        if kind == "udh":
            udh, _, rest2 = body.partition(" ")
            kind2, _, data = rest2.partition(" ")
            h = urllib.parse.unquote_to_bytes(udh)
            ref, total, seq = h[3], h[4], h[5]
            key = (to, ref)
            pending.setdefault(key, {})[seq] = _raw(kind2, data)
            if len(pending[key]) == total:
                parts = pending.pop(key)
                ucs2 = parts[1][0] if 1 in parts else False
                raw = b"".join(parts[i][1] for i in sorted(parts))
                out.append(Received(sender, to, _text(ucs2, raw), total))
            continue
        out.append(Received(sender, to, _text(*_raw(kind, body)), 1))
    return out


def phone_sends(address: str, sender: str, text: str, to: str = "1234") -> subprocess.Popen:
    """A phone sends ``text`` (development and tests): fakesmsc connects to bearerbox's ``phones`` SMSC at
    ``address`` (SMS_DEV_PHONES) and hands it over; smsbox then posts it to Baraza's /sms/inbound, the real inbound
    path. Debian's 1.4.5 fakesmsc sends only the messages named on its command line (it reads nothing from its
    input), so each reply is one short fakesmsc; it keeps waiting for answers that never come: the caller ends it
    (``proc.kill()``) once bearerbox took the message, or lets ``end_later`` do so."""
    host, _, port = address.rpartition(":")
    text = " ".join(text.split())
    if text.isascii():
        line = f"{sender} {to} text {text}"
    else:
        line = f"{sender} {to} ucs2 {urllib.parse.quote_from_bytes(text.encode('utf-16-be'))}"
    return subprocess.Popen([FAKESMSC, "-H", host or "127.0.0.1", "-r", port, "-m", "1", line],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            start_new_session=True)


def end_later(proc: subprocess.Popen, seconds: float = 3) -> None:
    """Ends a phone's fakesmsc after it had time to hand its message over (a daemon timer: the request returns)."""
    import threading

    def end() -> None:
        with contextlib.suppress(OSError):
            proc.kill()
            proc.wait()

    timer = threading.Timer(seconds, end)
    timer.daemon = True
    timer.start()


class LocalKannel:
    """One bearerbox + smsbox + fakesmsc in ``folder`` (created mode 700)."""

    def __init__(self, folder: Path, *, username: str = "baraza", password: str | None = None,
                 admin_password: str | None = None, log_level: int = LOG_LEVEL, app_url: str = "http://127.0.0.1:5000",
                 callback_secret: str | None = None, redis_url: str = "redis://127.0.0.1:6379/0") -> None:
        self.folder = folder
        # Kannel keeps the delivery reports it waits for in Redis: the project's server, a database of its own
        # (DLR_DB), keys named after this instance, so the queue's database can be emptied without touching them
        self.redis = urllib.parse.urlsplit(redis_url)
        self.app_url = app_url.rstrip("/")  # where smsbox posts inbound SMS (Baraza's /sms/inbound)
        self.callback_secret = callback_secret or secrets.token_hex(16)
        self.username = username
        self.password = password or secrets.token_hex(8)
        self.admin_password = admin_password or secrets.token_hex(8)
        self.log_level = log_level
        self.ports: dict[str, int] = {}
        self.procs: dict[str, subprocess.Popen] = {}

    # --- settings the app uses -------------------------------------------------------------
    @property
    def sendsms_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['sendsms']}/cgi-bin/sendsms"

    @property
    def conf(self) -> Path:
        return self.folder / "kannel.conf"

    @property
    def fakesmsc_log(self) -> Path:
        return self.folder / "fakesmsc.log"

    def environment(self) -> dict[str, str]:
        return {"SMS_GATEWAY_URL": self.sendsms_url, "SMS_USERNAME": self.username, "SMS_PASSWORD": self.password,
                "SMS_CALLBACK_SECRET": self.callback_secret, "SMS_CALLBACK_URL": self.app_url,
                "SMS_DEV_PHONES": f"127.0.0.1:{self.ports['mo']}"}

    # --- life cycle ----------------------------------------------------------------------------
    def start(self, attempts: int = 5) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.folder.chmod(0o700)
        (self.folder / "store").mkdir(exist_ok=True)
        last: Exception | None = None
        for _ in range(attempts):
            taken: set[int] = set()
            self.ports = {k: _free_port(taken) for k in ("admin", "box", "smsc", "sendsms", "mo")}
            self.conf.write_text(TEMPLATE.read_text().format(
                admin_port=self.ports["admin"], admin_password=self.admin_password, box_port=self.ports["box"],
                smsc_port=self.ports["smsc"], sendsms_port=self.ports["sendsms"], folder=self.folder,
                username=self.username, password=self.password, log_level=self.log_level,
                mo_port=self.ports["mo"], inbound_url=f"{self.app_url}/sms/inbound",
                callback_secret=self.callback_secret, redis_host=self.redis.hostname or "127.0.0.1",
                redis_port=self.redis.port or 6379, redis_db=DLR_DB,
                redis_auth=f"password = {self.redis.password}" if self.redis.password else "",
                dlr_table=f"dlr-{self.folder.name}-{os.getpid()}"))
            self.conf.chmod(0o600)
            try:
                self.start_bearerbox()
                self.start_smsbox()
                return
            except RuntimeError as e:  # a port was taken between choosing it and binding it: other ports
                last = e
                self.stop()
        raise RuntimeError(f"Kannel did not start: {last}")

    def _spawn(self, name: str, args: list[str], ports: tuple[str, ...], timeout: float = 20) -> None:
        out = open(self.folder / f"{name}.out", "ab")  # noqa: SIM115 - kept open for the child
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                cwd=self.folder, start_new_session=True)
        out.close()
        self.procs[name] = proc
        deadline = time.monotonic() + timeout
        while not all(_listening(self.ports[p]) for p in ports):
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited ({proc.returncode}); see {self.folder}/{name}.out")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not listen on {[self.ports[p] for p in ports]}")
            time.sleep(0.1)

    def start_bearerbox(self) -> None:
        """bearerbox, then the fake SMSC connecting to it (restart bearerbox before smsbox)."""
        # -v: the console's level (its own default is debug, with every number and text): the log level too
        self._spawn("bearerbox", [BEARERBOX, "-v", str(self.log_level), str(self.conf)],
                    ("admin", "box", "smsc", "mo"))
        log = open(self.fakesmsc_log, "ab")  # noqa: SIM115 - appended across restarts
        self.procs["fakesmsc"] = subprocess.Popen(
            [FAKESMSC, "-H", "127.0.0.1", "-r", str(self.ports["smsc"]), "-m", "0", "1 2 text -"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=self.folder, start_new_session=True)
        log.close()

    def start_smsbox(self) -> None:
        self._spawn("smsbox", [SMSBOX, "-v", str(self.log_level), str(self.conf)], ("sendsms",))

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        proc = self.procs.pop(name, None)
        if proc is not None and proc.poll() is None:
            proc.send_signal(sig)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def _respawned(self) -> list[int]:
        """smsbox restarts itself (a new process) when bearerbox goes away: the processes still running this
        instance's own configuration file, found by it (the path is unique to this instance)."""
        conf = str(self.conf).encode()
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                args = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if conf in args and int(entry.name) != os.getpid():
                pids.append(int(entry.name))
        return pids

    def stop(self) -> None:
        for name in ("smsbox", "fakesmsc", "bearerbox"):
            self.kill(name, signal.SIGTERM)
        for pid in self._respawned():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def restart(self) -> None:
        """After a stop or a crash: bearerbox (with its stored messages) first, then smsbox."""
        self.stop()
        self.start_bearerbox()
        self.start_smsbox()

    # --- a member's phone answers ------------------------------------------------------------------
    def send_from(self, sender: str, text: str, to: str = "1234", timeout: float = 10) -> None:
        """A member's phone sends ``text`` through the real inbound path (``phone_sends``); returns once bearerbox
        counted it."""
        before = self._received_mo()
        proc = phone_sends(f"127.0.0.1:{self.ports['mo']}", sender, text, to)
        deadline = time.monotonic() + timeout
        try:
            while self._received_mo() <= before and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            proc.kill()
            proc.wait()

    def _phones_status(self) -> str:
        """The line of bearerbox's admin status page about the phones' SMSC."""
        url = f"http://127.0.0.1:{self.ports['admin']}/status.txt?password={self.admin_password}"
        try:
            with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310 - our own loopback admin port
                page = r.read().decode(errors="replace")
        except OSError:
            return ""
        m = re.search(r"phones\[phones\][^\n]*", page)
        return m.group(0) if m else ""

    def _received_mo(self) -> int:
        """Messages bearerbox received from the phones."""
        m = re.search(r"rcvd: sms (\d+)", self._phones_status())
        return int(m.group(1)) if m else -1

    def texted_back(self) -> int:
        """Messages Kannel sent (or queued) back to the phones on its own, as answers to their SMS: Kannel routes
        an sms-service's reply to the SMSC the message came from. Baraza's own SMS never go there."""
        line = self._phones_status()
        sent, queued = re.search(r"sent: sms (\d+)", line), re.search(r"queued (\d+) msgs", line)
        return (int(sent.group(1)) if sent else 0) + (int(queued.group(1)) if queued else 0)

    # --- what the fake SMSC received ------------------------------------------------------------
    def received(self) -> list[Received]:
        try:
            return parse_fakesmsc(self.fakesmsc_log.read_text(errors="replace"))
        except FileNotFoundError:
            return []

    def wait_received(self, count: int, timeout: float = 30) -> list[Received]:
        deadline = time.monotonic() + timeout
        while True:
            got = self.received()
            if len(got) >= count or time.monotonic() > deadline:
                return got
            time.sleep(0.2)

    def clear(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.fakesmsc_log.write_bytes(b"")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
