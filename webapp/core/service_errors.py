"""What every feature's services share: the error a rule raises, and the current forum's id or that error."""
from __future__ import annotations

from tenants.context import current_tenant_id


class ServiceError(ValueError):
    """A service refused its input: the field at fault and a code that the view turns into a message; ``count``
    says how many things stand in the way when a deletion is refused ("This objective has 3 action items")."""

    def __init__(self, field: str, code: str, count: int = 0) -> None:
        super().__init__(f"{field}: {code}")
        self.field = field
        self.code = code
        self.count = count


def tenant_id_or(error: type[ServiceError]) -> int:
    """The current forum's id; ``error("tenant", "missing")`` outside a forum (fail closed)."""
    tid = current_tenant_id()
    if tid is None:
        raise error("tenant", "missing")
    return tid
