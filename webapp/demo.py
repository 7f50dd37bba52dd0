"""Demo data: three forums like the real ones in the sources. Idempotent: loading twice changes nothing."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from tenants.context import tenant_context
from tenants.models import DEFAULT_SETTINGS, Tenant
from webapp.auth import services as accounts
from webapp.auth.models import User
from webapp.extensions import db
from webapp.members import services as members
from webapp.members.models import Member

DEMO_PASSWORD = "baraza-demo-2026"  # noqa: S105 - printed by the run command on purpose


@dataclass(frozen=True)
class DemoMember:
    name: str
    email: str
    role: str
    account: bool = True


FORUMS: list[dict] = [
    {
        "slug": "ghana-nsccl",
        "name": "National Steering Committee on Child Labour (Ghana)",
        "kind": "steering_committee",
        "country": "GH",
        "default_locale": "en",
        "enabled_locales": ["en", "ha"],
        "timezone": "Africa/Accra",
        "settings": {**DEFAULT_SETTINGS},
        "members": [
            DemoMember("Kwame Asante", "kwame.asante@example.org", "chair"),
            DemoMember("Akosua Mensah", "akosua.mensah@example.org", "secretariat"),
            DemoMember("Yaw Boateng", "yaw.boateng@example.org", "vice_chair"),
            DemoMember("Abena Darko", "abena.darko@example.org", "member"),
            DemoMember("Ibrahim Sulemana", "ibrahim.sulemana@example.org", "member"),
            DemoMember("Efua Quaye", "efua.quaye@example.org", "alternate"),
            DemoMember("Kofi Agyeman", "kofi.agyeman@example.org", "observer"),
            DemoMember("Mariam Alhassan", "mariam.alhassan@example.org", "member", account=False),
        ],
    },
    {
        "slug": "katanga-platform",
        "name": "Plateforme multipartite du Katanga",
        "kind": "provincial_platform",
        "country": "CD",
        "default_locale": "fr",
        "enabled_locales": ["fr", "sw"],
        "timezone": "Africa/Lubumbashi",
        "settings": {**DEFAULT_SETTINGS, "core_constituencies": ["government", "industry", "civil_society"]},
        "members": [
            DemoMember("Jean-Pierre Mukendi", "jp.mukendi@example.org", "chair"),
            DemoMember("Chantal Ilunga", "chantal.ilunga@example.org", "secretariat"),
            DemoMember("Patrick Kasongo", "patrick.kasongo@example.org", "member"),
            DemoMember("Espérance Mwamba", "esperance.mwamba@example.org", "member"),
            DemoMember("Didier Tshibangu", "didier.tshibangu@example.org", "observer", account=False),
        ],
    },
    {
        "slug": "asm-round-table",
        "name": "Cross-mineral Round Table on Child Labour in ASM",
        "kind": "round_table",
        "country": None,
        "default_locale": "en",
        "enabled_locales": ["en", "es"],
        "timezone": "Europe/Geneva",
        "settings": {**DEFAULT_SETTINGS},
        "members": [
            DemoMember("Claire Dubois", "claire.dubois@example.org", "chair"),
            DemoMember("Lucía Restrepo", "lucia.restrepo@example.org", "secretariat"),
            DemoMember("Kofi Agyeman", "kofi.agyeman@example.org", "member"),
            DemoMember("Thandiwe Banda", "thandiwe.banda@example.org", "member"),
            DemoMember("Markus Keller", "markus.keller@example.org", "vice_chair", account=False),
        ],
    },
]

PLATFORM_ADMIN = ("Platform Administrator", "admin@example.org")


def _user(name: str, email: str, admin: bool = False) -> User:
    user = accounts.find_user_by_email(email)
    if user is None:
        user = accounts.create_user(email, name, DEMO_PASSWORD, is_platform_admin=admin)
    return user


def load() -> None:
    _user(*PLATFORM_ADMIN, admin=True)
    for spec in FORUMS:
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == spec["slug"]))
        if tenant is None:
            fields = {k: v for k, v in spec.items() if k != "members"}
            tenant = Tenant(**fields)
            db.session.add(tenant)
            db.session.flush()
        with tenant_context(tenant):
            existing = {m.email for m in db.session.scalars(select(Member).where(Member.tenant_id == tenant.id))}
            for dm in spec["members"]:
                if dm.email in existing:
                    continue
                user = _user(dm.name, dm.email) if dm.account else None
                members.add_member(dm.name, dm.email, dm.role, user=user)
        db.session.commit()


def accounts_table() -> list[tuple[str, str, str]]:
    rows = [(PLATFORM_ADMIN[1], "platform admin", "-")]
    for spec in FORUMS:
        rows += [(dm.email, dm.role, spec["slug"]) for dm in spec["members"] if dm.account]
    return rows
