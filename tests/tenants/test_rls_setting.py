"""The RLS setting (``app.tenant_id``) is applied once per transaction, with the tenant's id.

The slug lookup opens the request's transaction before the tenant is known; the setting must then
be applied once, with the tenant, and not first empty and then again.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import event, select

from tenants.models import Tenant
from webapp.extensions import db
from webapp.members.models import Member


@contextlib.contextmanager
def tenant_settings(app) -> Iterator[dict[str, list]]:
    """Records every ``set_config('app.tenant_id', …)`` the app sends, and every transaction begun."""
    seen: dict[str, list] = {"set": [], "begins": []}

    def on_execute(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if "set_config('app.tenant_id'" in statement:
            seen["set"].append(parameters)

    def on_begin(_conn) -> None:
        seen["begins"].append(True)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", on_execute)
    event.listen(engine, "begin", on_begin)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
        event.remove(engine, "begin", on_begin)


def _values(params: list, slugs: dict[str, int] | None = None) -> list[str]:
    """The ids applied; routing applies the forum it looks up by slug in that same statement (issue 23)."""
    out = []
    for p in params:
        slug = next((v for k, v in p.items() if k.startswith("slug")), None) if isinstance(p, dict) else None
        out.append(str((slugs or {})[slug]) if slug is not None else p["tid"] if isinstance(p, dict) else p[0])
    return out


def test_a_forum_page_sets_the_tenant_once_per_transaction(app, client, auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    with tenant_settings(app) as seen:
        page = client.get("/t/forum-a/members/")
    assert page.status_code == 200
    assert "Amadou Member" in page.text  # RLS let the forum's rows through
    assert _values(seen["set"], {"forum-a": two_forums["a"].id}) == [str(two_forums["a"].id)] * len(seen["begins"])
    assert len(seen["begins"]) == 1


def test_a_tenant_job_sets_the_tenant_once(app, two_forums):
    from worker.runtime import tenant_job

    @tenant_job
    def names() -> list[str]:
        return list(db.session.scalars(select(Member.name).order_by(Member.name)))

    with tenant_settings(app) as seen:
        assert names(two_forums["b"].id) == ["Bea Secretariat"]
    assert _values(seen["set"]) == [str(two_forums["b"].id)]


def test_a_transaction_without_a_tenant_still_sees_no_tenant_rows(app, two_forums):
    """Fail closed: no setting applied means no tenant row, even on a connection a tenant used before."""
    from tenants.context import no_tenant_filter
    from tenants.rls import tenant_context

    with app.app_context():
        b = db.session.get(Tenant, two_forums["b"].id)
        with tenant_context(b):
            assert db.session.scalars(select(Member.name)).all() == ["Bea Secretariat"]
            db.session.commit()
        with no_tenant_filter():
            assert db.session.scalars(select(Member)).all() == []
        db.session.rollback()
