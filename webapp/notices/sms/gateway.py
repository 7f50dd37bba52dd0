"""The SMS gateway Baraza sends through: a small interface, with Kannel's smsbox (HTTP ``sendsms``) the one
implementation. An aggregator's HTTP API could replace it by implementing ``Gateway.send``.

``send`` returns once the gateway accepted the message (for Kannel: bearerbox holds it in its persistent store) and
raises ``Transient`` (try again later: connection refused, timeout, 5xx, queue full) or ``Permanent`` (the gateway
refused this message for good: 4xx other than throttling)."""
from __future__ import annotations

import http.client
import json
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol


class GatewayError(Exception):
    pass


class Transient(GatewayError):
    pass


class Unreachable(Transient):
    """The gateway did not answer at all (Kannel stopped, smsbox restarting): no attempt of the message is spent."""


class Permanent(GatewayError):
    pass


class Gateway(Protocol):
    def send(self, to: str, text: str, *, coding: str, ref: str, dlr_url: str | None = None) -> str:
        """Sends ``text`` to the E.164 number ``to``, encoded as ``coding`` (``gsm7`` or ``ucs2``); ``ref`` is
        Baraza's own reference of the message; ``dlr_url``, if any, is called with each delivery report. Returns the
        gateway's acceptance (an id or its answer)."""
        ...


class KannelGateway:
    """Kannel smsbox's sendsms: ``coding=2`` with ``charset=UTF-8`` for UCS-2 (without a charset Kannel reads UCS-2
    input as UTF-16BE), ``coding=0`` (GSM-7) otherwise, the text given in UTF-8 either way.

    Two short timeouts (SMS_CONNECT_TIMEOUT, SMS_READ_TIMEOUT): a gateway that does not answer costs one message a
    few seconds, and a worker asked to stop is never held longer than that by the message in hand."""

    def __init__(self, url: str, username: str, password: str, sender: str, connect_timeout: float = 2,
                 read_timeout: float = 5) -> None:
        self.url, self.username, self.password, self.sender = url, username, password, sender
        self.connect_timeout, self.read_timeout = connect_timeout, read_timeout

    def send(self, to: str, text: str, *, coding: str, ref: str, dlr_url: str | None = None) -> str:
        query = {"username": self.username, "password": self.password, "from": self.sender, "to": to,
                 "text": text, "charset": "UTF-8", "coding": "2" if coding == "ucs2" else "0"}
        if dlr_url:  # delivered (1), failed (2), refused by the SMSC (16): see notices/sms/delivery_reports.py
            query |= {"dlr-mask": "19", "dlr-url": dlr_url}
        # smsbox reads sendsms's parameters from the query string (a POST body would be taken as the text)
        status, answer = self._get(urllib.parse.urlencode(query))
        if status >= 400:
            if status in (429, 503) or status >= 500:
                raise Transient(f"{status} {answer}")
            raise Permanent(f"{status} {answer}")
        if "Accepted" not in answer and "Sent" not in answer:  # "0: Accepted for delivery", "Sent." (queued)
            raise Transient(answer or "no answer")
        return f"{ref} {answer}"[:100]

    def _get(self, query: str) -> tuple[int, str]:
        """One GET of sendsms: the connection within the connect timeout, each read of the answer within the read
        timeout. No answer at all (refused, reset, timed out) is ``Unreachable``."""
        url = urllib.parse.urlsplit(self.url)
        path = f"{url.path or '/'}?{url.query + '&' if url.query else ''}{query}"
        connection_class = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
        connection = connection_class(url.hostname or "127.0.0.1", url.port, timeout=self.connect_timeout)
        try:
            connection.connect()
            if connection.sock is not None:
                connection.sock.settimeout(self.read_timeout)
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read(500).decode(errors="replace").strip()
        except (OSError, http.client.HTTPException) as e:
            raise Unreachable(f"gateway unreachable: {type(e).__name__}: {e}") from e
        finally:
            connection.close()


class DevCopy:
    """Development: a copy of every SMS the gateway accepted, one JSON file each, in SMS_DEV_DIR (.dev/sms/)."""

    def __init__(self, inner: Gateway | None, folder: Path) -> None:
        self.inner, self.folder = inner, folder

    def send(self, to: str, text: str, *, coding: str, ref: str, dlr_url: str | None = None) -> str:
        accepted = (self.inner.send(to, text, coding=coding, ref=ref, dlr_url=dlr_url) if self.inner is not None
                    else f"{ref} kept")
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        (self.folder / f"{stamp}-{ref}.json").write_text(json.dumps(
            {"to": to, "coding": coding, "text": text, "ref": ref, "accepted": accepted}, ensure_ascii=False))
        return accepted


def from_config(config: dict) -> Gateway | None:
    """The configured gateway, or None when SMS_GATEWAY_URL is empty (rows wait in the outbox)."""
    kannel = None
    if config.get("SMS_GATEWAY_URL"):
        kannel = KannelGateway(config["SMS_GATEWAY_URL"], config.get("SMS_USERNAME", ""),
                               config.get("SMS_PASSWORD", ""), config.get("SMS_SENDER") or "Baraza",
                               config.get("SMS_CONNECT_TIMEOUT", 2), config.get("SMS_READ_TIMEOUT", 5))
    if config.get("SMS_DEV_DIR"):
        return DevCopy(kannel, Path(config["SMS_DEV_DIR"]))
    return kannel
