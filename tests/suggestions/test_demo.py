"""The demo's Katanga platform shows suggestions for the agenda (issue 42): one published with the forum's answer on
the public home, one waiting in the secretariat's queue (absent from the public home); loading twice adds nothing."""
from __future__ import annotations

from sqlalchemy import select

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp import demo
from webapp.extensions import db
from webapp.suggestions.models import Suggestion


def _moderation(app) -> list[str]:
    with app.app_context():
        katanga = db.session.scalar(select(Tenant).where(Tenant.slug == "katanga-platform"))
        with tenant_context(katanga):
            return list(db.session.scalars(select(Suggestion.moderation).order_by(Suggestion.id)))


def test_the_katanga_platform_shows_one_answered_suggestion_and_one_waiting(app, databases):
    with app.app_context():
        demo.load()
    assert _moderation(app) == ["visible", "held"]
    home = app.test_client().get("/t/katanga-platform/public/").get_data(as_text=True)
    assert "Transport des enfants vers les sites de Kambove" in home and "police des mines invitée" in home
    assert "Shule za jioni" not in home
    with app.app_context():
        demo.load()
    assert _moderation(app) == ["visible", "held"]
