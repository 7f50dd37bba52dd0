"""The secretariat's public contact (issue 41): an address and a phone, forum settings shown on the public pages and
the printed notice (``public_contact_address``, ``public_contact_phone``)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Contact:
    address: str | None
    phone: str | None


def public_contact(tenant: Any) -> Contact | None:  # noqa: ANN401  (a Tenant)
    """The forum's public contact, or None when it gave neither."""
    if tenant is None:
        return None
    address, phone = tenant.setting("public_contact_address"), tenant.setting("public_contact_phone")
    return Contact(address, phone) if address or phone else None
