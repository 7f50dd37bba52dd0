"""The demo's Katanga platform shows public consultation (issue 42): an open draft with published comments (one in
Swahili), waiting ones (one flagged for its link) and a declined one, absent from the public page; a closed
consultation with "what we heard" beside the final text; the directory's count; loading twice adds nothing."""
from __future__ import annotations

from sqlalchemy import func, select

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp import demo
from webapp.comments.models import Comment
from webapp.consultations.models import Consultation
from webapp.extensions import db


def _state(app):
    with app.app_context():
        katanga = db.session.scalar(select(Tenant).where(Tenant.slug == "katanga-platform"))
        with tenant_context(katanga):
            rows = db.session.execute(select(Consultation.id, Consultation.status).order_by(Consultation.id)).all()
            moderation = db.session.scalars(select(Comment.moderation).where(Comment.consultation_id.is_not(None))
                                            .order_by(Comment.id)).all()
            total = db.session.scalar(select(func.count()).select_from(Comment))
        return rows, moderation, total, katanga.open_consultations


def test_the_katanga_platform_has_an_open_and_a_closed_consultation(app, databases):
    with app.app_context():
        demo.load()
    rows, moderation, total, count = _state(app)
    assert [s for _i, s in rows] == ["open", "closed"] and count == 1
    assert moderation == ["visible", "visible", "held", "held", "hidden"]
    client = app.test_client()
    home = client.get("/t/katanga-platform/public/?lang=sw").get_data(as_text=True)
    assert "Wazi kwa maoni ya umma" in home and "Charte des coopératives" in home
    open_page = client.get(f"/t/katanga-platform/public/consultations/{rows[0][0]}").get_data(as_text=True)
    assert "Mama Furaha Ilunga" in open_page and "Anonyme" in open_page
    assert "COMIKAT" not in open_page and "bonavenir" not in open_page and "Ruashi" not in open_page
    closed = client.get(f"/t/katanga-platform/public/consultations/{rows[1][0]}").get_data(as_text=True)
    assert "Ce que nous avons entendu" in closed and "appui au revenu pendant douze mois" in closed
    assert "1 consultation ouverte" in client.get("/?lang=fr").get_data(as_text=True)
    with app.app_context():
        demo.load()
    assert _state(app)[2] == total
