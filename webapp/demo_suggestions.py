"""The demo's suggestions for the agenda (issue 42), in the Katanga platform: one published with the forum's answer
(on the public home) and one waiting in the secretariat's queue. Loading twice adds nothing; nothing depends on the
day the demo loads."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from tenants.models import Tenant
from webapp.extensions import db

# (title, lines, public name, group, language, channel, address, published, answer)
SUGGESTIONS = (
    ("Transport des enfants vers les sites de Kambove",
     "Des camions transportent chaque matin des enfants de Kambove vers les sites de lavage. Le forum devrait en "
     "parler avec la police des mines.", "Kabange Mutombo", "Association des parents d'élèves de Kambove", "fr",
     "email", "parents.kambove@example.org", True,
     "Merci. Le sujet est inscrit à l'ordre du jour de la prochaine plénière, avec la police des mines invitée."),
    ("Shule za jioni kwa watoto wachimbaji",
     "Watoto wengi wanaotoka migodini hawawezi kurudi darasani mchana. Shule za jioni zingewasaidia.", None, None,
     "sw", "phone", "+243991230021", False, None),
)


def load(spec_slug: str) -> None:
    if spec_slug != "katanga-platform":
        return
    from webapp.consultations.models import Contact
    from webapp.suggestions import services
    from webapp.suggestions.models import Suggestion

    tid = db.session.scalar(select(Tenant.id).where(Tenant.slug == spec_slug))
    if db.session.scalar(select(Suggestion.id).where(Suggestion.tenant_id == tid).limit(1)) is not None:
        return
    for title, lines, name, group, language, channel, address, published, answer in SUGGESTIONS:
        contact = Contact(channel=channel, address=address, attempts=0, verified_at=datetime.now(UTC))
        db.session.add(contact)
        db.session.flush()
        s = services.add(contact, title=title, body=lines, name=name, speaks_for=group, language=language,
                         network=None)
        if published:
            services.publish(s)
        if answer:
            services.answer(s, answer)
    db.session.flush()
