"""The licence a forum publishes its open data under (issue 41): a forum setting, ``data_licence``, Creative Commons
Attribution 4.0 unless the forum chose another. Stated on the public pages and in every open-data response."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Licence:
    id: str  # its SPDX identifier
    name: str  # its official name, never translated
    url: str


LICENCES = {lc.id: lc for lc in (
    Licence("CC-BY-4.0", "Creative Commons Attribution 4.0 International",
            "https://creativecommons.org/licenses/by/4.0/"),
    Licence("CC-BY-SA-4.0", "Creative Commons Attribution-ShareAlike 4.0 International",
            "https://creativecommons.org/licenses/by-sa/4.0/"),
    Licence("CC0-1.0", "Creative Commons Zero 1.0 Universal (public domain)",
            "https://creativecommons.org/publicdomain/zero/1.0/"),
    Licence("ODbL-1.0", "Open Data Commons Open Database License 1.0",
            "https://opendatacommons.org/licenses/odbl/1-0/"),
)}
DEFAULT = "CC-BY-4.0"


def of(tenant: Any) -> Licence:  # noqa: ANN401  (a Tenant)
    """The forum's licence: its ``data_licence`` setting, or the default."""
    chosen = tenant.setting("data_licence") if tenant is not None else None
    return LICENCES.get(chosen or DEFAULT, LICENCES[DEFAULT])
