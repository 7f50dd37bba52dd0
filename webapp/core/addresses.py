"""Allow-lists of caller addresses: a setting of comma-separated addresses or networks (``10.0.0.0/8,::1``) that a
machine endpoint answers (the metrics scrape: METRICS_ALLOW; Kannel's callbacks: SMS_CALLBACK_ALLOW). An entry
that is not an address or a network is passed over; no entry, or a caller address that is not one, allows
nothing (fail closed)."""
from __future__ import annotations

import ipaddress

from flask import current_app


def allowed(address: str | None, setting: str) -> bool:
    """``address`` (the request's remote address) is in one of the networks of the config value ``setting``."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    for entry in str(current_app.config.get(setting) or "").split(","):
        try:
            if entry.strip() and ip in ipaddress.ip_network(entry.strip(), strict=False):
                return True
        except ValueError:
            continue
    return False
