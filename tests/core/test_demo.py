"""The demo looks real: distinct action items whose statuses agree with their progress, a webinar history
with its chairs."""
from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import select

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp import demo, demo_data
from webapp.actions import progress
from webapp.actions.models import ActionItem
from webapp.extensions import db
from webapp.meetings.models import Meeting
from webapp.webinars.models import Session


def test_demo_action_items_and_webinar_history_look_real(app, databases):
    assert demo_data.check() == []
    with app.app_context():
        demo.load()
        ghana = db.session.scalar(select(Tenant).where(Tenant.slug == "ghana-nsccl"))
        with tenant_context(ghana):
            items = db.session.scalars(select(ActionItem)).all()
            assert len(items) >= 8
            titles = [re.sub(r" \(\d+\)$", "", i.title) for i in items]  # not one title numbered
            assert len(set(titles)) == len(titles), titles
            assert all(i.owner_member_id and i.owner_organisation_id for i in items)
            assert len({i.owner_organisation_id for i in items}) >= 5
            for i in items:
                share = progress.item_progress(progress.ItemFacts(i.status, i.baseline, i.target, i.current_value))
                if i.status == "done":
                    assert share == 1.0, i.title
                if i.status in ("planned", "dropped"):
                    assert share == 0.0, i.title
                if i.status in ("in_progress", "blocked"):
                    assert 0.0 <= share < 1.0, i.title
            assert {i.status for i in items} >= {"done", "in_progress", "planned"}
        # issue 26: the NSCCL coordinates two district committees, the round table the Katanga platform; their
        # snapshots exist, made by the snapshot job's steps; loading again adds none
        from webapp.federation.models import Snapshot

        for slug, n in (("ghana-nsccl", 2), ("asm-round-table", 1)):
            with tenant_context(db.session.scalar(select(Tenant).where(Tenant.slug == slug))):
                shots = db.session.scalars(select(Snapshot)).all()
                assert len(shots) == n and all(s.figures.get("progress") for s in shots), slug
            db.session.commit()
        demo.load()
        with tenant_context(db.session.scalar(select(Tenant).where(Tenant.slug == "ghana-nsccl"))):
            assert len(db.session.scalars(select(Snapshot)).all()) == 2
            db.session.commit()
        table = db.session.scalar(select(Tenant).where(Tenant.slug == "asm-round-table"))
        with tenant_context(table):
            rows = db.session.execute(select(Session, Meeting).join(Meeting, Meeting.id == Session.meeting_id)
                                      .order_by(Session.number)).all()
            now = datetime.now(UTC)
            past = [(s, m) for s, m in rows if m.start_at <= now]
            assert len(past) >= 5 and len(rows) == 12
            assert all(s.chair_org_id is not None and s.chair_status == "accepted" for s, _m in past)
            assert all(m.status == "held" for _s, m in past)
            assert all(s.chair_org_id is not None for s, _m in rows)
            assert len({s.chair_org_id for s, _m in rows}) >= 5  # chaired in rotation, not one organisation
            # issue 42: the next session is announced and open to registration: one seat taken, one waiting
            from webapp.registrations.models import Registration

            regs = db.session.scalars(select(Registration).order_by(Registration.id)).all()
            [session] = {r.meeting_id for r in regs}
            assert session == next(m.id for _s, m in rows if m.start_at > now)
            assert [(r.name, r.status) for r in regs] == [("Esi Ansah", "confirmed"), ("Ibrahim Musa", "waiting")]


def test_each_demo_meeting_decides_its_own_matters(app, databases):
    """Every past demo meeting records decisions of its own (issue 22: all shared one text), in the forum's
    language, the plenary's public and the rest for members."""
    from webapp.meetings.models import Decision

    with app.app_context():
        demo.load()
        for spec in demo_data.FORUMS:
            tenant = db.session.scalar(select(Tenant).where(Tenant.slug == spec.slug))
            with tenant_context(tenant):
                texts = db.session.scalars(select(Decision.text)).all()
                meetings = db.session.scalar(select(db.func.count()).select_from(Meeting).where(
                    Meeting.status.in_(("held", "outcomes_published")), Meeting.kind != "webinar"))
                assert len(texts) >= 2 * meetings >= 2, spec.slug
                assert len(set(texts)) == len(texts), (spec.slug, sorted(texts))
            if spec.default_locale == "fr":
                assert all(" the " not in t for t in texts), texts


def test_the_demo_shows_translations_a_district_account_and_month_names_in_the_forums_language(app, databases):
    """Issue 33: translated content (one out of date), a district secretariat who signs in with an invitation to
    accept, and no English month in a French forum's titles."""
    from babel.dates import get_month_names

    from webapp.core.content import ContentTranslation, source_hash
    from webapp.federation.models import Affiliation
    from webapp.meetings.models import AgendaItem
    from webapp.notices.models import Announcement

    assert ("gifty.owusu@example.org", "secretariat", "adansi-north") in demo.accounts_table()
    with app.app_context():
        demo.load()
        demo.load()  # idempotent: nothing twice
        english = set(get_month_names("wide", locale="en").values())
        katanga = db.session.scalar(select(Tenant).where(Tenant.slug == "katanga-platform"))
        with tenant_context(katanga):
            titles = db.session.scalars(select(Meeting.title)).all()
            assert titles and not [t for t in titles if any(month in t for month in english)], titles
            assert any(t.startswith("Plénière — ") for t in titles)
            assert db.session.scalars(select(ContentTranslation).where(ContentTranslation.locale == "sw")).all()
            db.session.commit()
        ghana = db.session.scalar(select(Tenant).where(Tenant.slug == "ghana-nsccl"))
        with tenant_context(ghana):
            rows = db.session.scalars(select(ContentTranslation)).all()
            kinds = {(r.object_type, r.locale) for r in rows}
            for kind in ("meeting", "agenda_item", "minutes", "announcement"):
                assert {(kind, "ha"), (kind, "fr")} <= kinds, kind
            items = {i.id: i.title for i in db.session.scalars(select(AgendaItem))}
            stale = [r for r in rows if r.object_type == "agenda_item" and r.source_hash != source_hash(items[r.object_id])]
            assert stale and {items[r.object_id] for r in stale} == {"Matters arising from the last meeting"}
            assert len(db.session.scalars(select(Announcement)).all()) == 1
            db.session.commit()
        adansi = db.session.scalar(select(Tenant).where(Tenant.slug == "adansi-north"))
        table = db.session.scalar(select(Tenant).where(Tenant.slug == "asm-round-table"))
        with tenant_context(adansi):
            pending = db.session.scalars(select(Affiliation).where(Affiliation.status == "pending")).all()
            assert [(a.coordinator_id, a.affiliate_id) for a in pending] == [(table.id, adansi.id)]
            db.session.commit()
