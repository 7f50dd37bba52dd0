"""The demo's public consultations (issue 42), in the Katanga platform (French, Swahili enabled): a draft charter of
artisanal mining cooperatives open for public comment, with published comments (one in Swahili, one anonymous),
comments waiting in the queue (one with a link, flagged) and one declined because it identifies a child; and a
closed consultation on the provincial plan with its "what we heard" beside the final text. Dates are relative to
the forum's today, so the demo has the same shape whatever day it loads; loading twice adds nothing."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tenants.models import Tenant
from webapp.extensions import db

CHARTER = ("Les coopératives minières artisanales du Haut-Katanga et du Lualaba adoptent la présente charte.\n\n"
           "Aucune personne de moins de 18 ans ne travaille sur un site de la coopérative, ni au puits, ni au "
           "transport, ni au lavage du minerai.\n\n"
           "Chaque coopérative tient un registre de ses travailleurs avec une pièce d'identité, vérifié chaque "
           "trimestre par le service des mines.\n\n"
           "Les coopératives versent une part de leurs recettes à un fonds local pour la scolarisation des enfants "
           "des creuseurs.")
PLAN = ("Le plan provincial retire les enfants des sites miniers artisanaux d'ici fin 2027.\n\n"
        "Chaque enfant retiré est inscrit à l'école ou en formation professionnelle.")
PLAN_FINAL = PLAN + ("\n\nLes familles des enfants retirés reçoivent un appui au revenu pendant douze mois.\n\n"
                     "Les comités locaux de suivi comptent au moins deux femmes.")
HEARD = ("## Revenus des familles\n\nVingt-trois commentaires, surtout de Kolwezi et de Likasi, disent qu'un enfant "
         "retiré revient au site si sa famille perd ce revenu. **Nous avons ajouté** un appui au revenu de douze "
         "mois.\n\n## Les femmes dans le suivi\n\nOnze commentaires demandent que les mères et les associations de "
         "femmes siègent aux comités locaux. **Ajouté** : au moins deux femmes par comité.\n\n## Hors du champ\n\n"
         "Plusieurs commentaires portent sur le prix du cobalt : la plateforme les transmet au ministère des Mines.")
# (body, public name, group, language, channel, address, what the secretariat did, reason)
COMMENTS = (
    ("Charte hii ni nzuri, lakini wanawake wanaoosha madini nao wasajiliwe. Watoto wengi wanaletwa na mama zao "
     "kwenye mto.", "Mama Furaha Ilunga", "Chama cha wanawake wachimbaji, Kolwezi", "sw", "phone", "+243991230011",
     "published", None),
    ("Le registre trimestriel est trop rare : les équipes changent chaque mois sur les puits de Kipushi.", None, None,
     "fr", "email", "creuseur.kipushi@example.org", "published", None),
    ("Fonds ya shule iwe na kamati ya wazazi ili pesa zifike kweli kwa watoto.", "Jean-Pierre Mwamba",
     "Coopérative COMIKAT", "sw", "phone", "+243991230012", "held", None),
    ("Voir notre rapport complet sur www.example.org/rapport-cooperatives avant d'adopter la charte.", "ONG Bon Avenir",
     None, "fr", "email", "contact@bonavenir.example.org", "held", None),
    ("Le fils de mon voisin, 14 ans, travaille encore au puits n° 3 de la coopérative de Ruashi.", None, None, "fr",
     "email", "voisin.ruashi@example.org", "declined", "child_or_case"),
)


def load(spec_slug: str) -> None:
    if spec_slug != "katanga-platform":
        return
    from webapp.consultations.models import Consultation

    tid = db.session.scalar(select(Tenant.id).where(Tenant.slug == spec_slug))
    if db.session.scalar(select(Consultation.id).where(Consultation.tenant_id == tid).limit(1)) is not None:
        return
    _open_charter()
    _closed_plan()
    db.session.flush()


def _proposal(title: str, text: str, days: int) -> object:
    from webapp.proposals import services as proposals

    return proposals.open_proposal({"title": title, "text": text, "rule": "no_objection", "audience": "roll",
                                    "visibility": "members",
                                    "deadline": datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
                                    + timedelta(days=days)}, None, notify=False)


def _open_charter() -> None:
    from webapp.comments import queries as comment_queries
    from webapp.consultations import services
    from webapp.consultations.models import Contact
    from webapp.core.visibility import Reader
    from webapp.core.zones import forum_today

    p = _proposal("Charte des coopératives minières artisanales", CHARTER, 30)
    d = comment_queries.draft("proposal", p.id, Reader.staff())
    c = services.open_consultation(d, "Qu'est-ce qui manque dans cette charte ?",
                                   "Comment vérifier l'âge des travailleurs sur les sites ?",
                                   forum_today() + timedelta(days=21), opens_on=forum_today() - timedelta(days=7))
    for n, (body, name, group, language, channel, address, done, reason) in enumerate(COMMENTS):
        contact = Contact(channel=channel, address=address, attempts=0, verified_at=datetime.now(UTC))
        db.session.add(contact)
        db.session.flush()
        comment = services.add_public_comment(c, contact, body=body, name=name, speaks_for=group, language=language,
                                              position=(1, 2, 3, None, 1)[n], network=None)
        if done == "published":
            services.publish(c, comment)
        elif done == "declined":
            services.decline(c, comment, reason)


def _closed_plan() -> None:
    from webapp.comments import queries as comment_queries
    from webapp.consultations import services
    from webapp.core.visibility import Reader
    from webapp.core.zones import forum_today

    p = _proposal("Plan provincial de retrait des enfants des sites miniers", PLAN, 2)
    d = comment_queries.draft("proposal", p.id, Reader.staff())
    c = services.open_consultation(d, "Ce plan peut-il tenir ses délais ?", None,
                                   forum_today() - timedelta(days=10), opens_on=forum_today() - timedelta(days=45))
    services.close(c, HEARD, PLAN_FINAL)
