"""An action item's owner updates it by SMS (issue 40), through Kannel and fakesmsc: the item's reminder SMS carries
an update code ("Jibu SASISHA 4KX7Q na takwimu mpya."); "SASISHA <code> 60" records the update through the web
form's service (via SMS) and says what was recorded; a figure that lowers progress records nothing and asks first
("reply YES <code> to lower 60 -> 45"); YES with the code records it. The sentences fit one GSM-7 segment in the five
languages."""
from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from tenants.models import Tenant
from tenants.rls import tenant_context
from tests.actions.test_actions import make_plan
from webapp.actions import services
from webapp.actions import sms as action_sms
from webapp.actions.models import ActionItem, ActionUpdate
from webapp.core.zones import forum_today
from webapp.extensions import db
from webapp.notices.sms import builder, inbound, sentences
from webapp.notices.sms.builder import Draft, Fields
from webapp.notices.sms.models import SmsInbound

from ..notices.sms.test_kannel import phone_member
from ..notices.sms.test_replies import callbacks, wait_for  # noqa: F401  (callbacks: a fixture)

PHONE = "+233201234571"
LOCALES = ("en", "fr", "es", "sw", "ha")


@pytest.fixture
def forum(factory) -> Tenant:
    return factory.forum("adansi-gh", "Adansi North DCLC", country="GH", enabled_locales=list(LOCALES),
                         short_name="ADANSI")


def _item(app, forum: Tenant, owner: int, **extra) -> int:
    plan = make_plan(app, forum, [{"title": "Children withdrawn from galamsey pits", "owner_member_id": owner,
                                   "baseline": 0, "target": 100, "current_value": 52, "visibility": "public",
                                   "due_on": forum_today(forum) + timedelta(days=3), **extra}])
    return plan["item_ids"][0]


def _value(app, forum: Tenant, item_id: int) -> Decimal | None:
    with app.app_context(), tenant_context(forum):
        return db.session.get(ActionItem, (forum.id, item_id)).current_value


def _outcomes(app, phone: str) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(SmsInbound.outcome).where(SmsInbound.phone == phone)
                                       .order_by(SmsInbound.id)))


def test_an_owner_updates_an_item_by_sms_and_a_lowering_asks_first(app, factory, kannel, run_worker, queue_redis,
                                                                    forum):
    owner = phone_member(app, forum, "Abena Owusu", PHONE, "sw")
    item_id = _item(app, forum, owner)
    with app.app_context(), tenant_context(forum):
        assert services.send_reminders(forum_today(forum)) == 0  # no e-mail: the reminder goes by SMS
        db.session.commit()
    run_worker()
    [reminder] = kannel.wait_received(1)
    assert reminder.to == PHONE and "Children withdrawn" in reminder.text and reminder.parts == 1, reminder.text
    code = re.search(r"Jibu SASISHA ([A-Z0-9]{5}) na takwimu mpya\.$", reminder.text).group(1)
    kannel.clear()

    # a rise: recorded through the web form's service, via SMS, and confirmed with what was recorded
    kannel.send_from(PHONE, f"sasisha {code.lower()} 60")
    assert wait_for(lambda: _value(app, forum, item_id) == 60)
    # a lowering: nothing recorded, the owner is asked first
    kannel.send_from(PHONE, f"SASISHA {code} 45")
    assert wait_for(lambda: _outcomes(app, PHONE)[-1:] == ["refused"])
    assert _value(app, forum, item_id) == 60
    run_worker()
    back = [r.text for r in kannel.wait_received(2)]
    assert any(f"sasisho {code} limehifadhiwa: 52 -> 60. Asante." in t for t in back), back
    assert any(f"60 -> 45 inapunguza takwimu. Jibu NDIYO {code} kuthibitisha." in t for t in back), back
    kannel.clear()

    # YES with the code: the figure asked about is recorded
    kannel.send_from(PHONE, f"Ndiyo {code}")
    assert wait_for(lambda: _value(app, forum, item_id) == 45)
    run_worker()
    [confirmation] = kannel.wait_received(1)
    assert f"sasisho {code} limehifadhiwa: 60 -> 45" in confirmation.text and confirmation.parts == 1
    with app.app_context(), tenant_context(forum):
        rows = db.session.execute(select(ActionUpdate.value, ActionUpdate.via, ActionUpdate.author_member_id)
                                  .where(ActionUpdate.item_id == item_id).order_by(ActionUpdate.id)).all()
    assert [tuple(r) for r in rows] == [(Decimal(60), "sms", owner), (Decimal(45), "sms", owner)]
    assert _outcomes(app, PHONE) == ["answered", "refused", "answered"]


def _receive(app, message_id: str, text: str, phone: str = PHONE) -> str:
    with app.app_context():
        outcome = inbound.receive(message_id, phone, text)
        db.session.commit()
        return outcome


def _code(app, forum: Tenant, item_id: int, member: int, phone: str = PHONE) -> str:
    with app.app_context(), tenant_context(forum):
        code = action_sms.update_code(item_id, member, phone)
        db.session.commit()
        return code


def test_a_yes_confirms_only_the_lowering_it_was_asked_for(app, factory, forum):
    owner = phone_member(app, forum, "Kojo Mensah", PHONE, "en")
    item_id = _item(app, forum, owner)
    code = _code(app, forum, item_id, owner)
    assert _code(app, forum, item_id, owner) == code  # the reminder again: the same code
    # YES with nothing asked: not understood (help), nothing changes
    assert _receive(app, "y-0", f"YES {code}") == "unknown"
    assert _receive(app, "y-1", f"UPD {code} 40") == "refused"
    assert _receive(app, "y-2", f"UPD {code} 70") == "answered"  # answered since: the question lapses
    assert _receive(app, "y-3", f"YES {code}") == "unknown"
    assert _value(app, forum, item_id) == 70
    # a wrong message records nothing and says how to write it
    assert _receive(app, "y-4", f"UPD {code} seventy") == "refused"
    assert _value(app, forum, item_id) == 70


def test_a_disaggregated_item_takes_its_cells_and_another_members_phone_changes_nothing(app, factory, forum):
    owner = phone_member(app, forum, "Kojo Mensah", PHONE, "en")
    other = phone_member(app, forum, "Ama Other", "+233201234572", "en")
    item_id = _item(app, forum, owner, disaggregation="site", sites="Fomena\nAkrokerri", current_value=None)
    code = _code(app, forum, item_id, owner)
    assert _receive(app, "d-1", f"UPD {code} 12", phone="+233201234572") == "unknown"  # not this phone's code
    assert _receive(app, "d-2", f"UPD {code} 12") == "refused"  # two sites, one figure
    assert _receive(app, "d-3", f"UPD {code} 12 7") == "answered"
    assert _value(app, forum, item_id) == 19
    # no longer the owner: refused, and told so
    with app.app_context(), tenant_context(forum):
        db.session.get(ActionItem, (forum.id, item_id)).owner_member_id = other
        db.session.commit()
    assert _receive(app, "d-4", f"UPD {code} 30 7") == "refused"
    assert _value(app, forum, item_id) == 19


@pytest.mark.parametrize("locale", LOCALES)
def test_update_sms_fit_one_gsm7_segment_in_every_language(locale):
    code = sentences.EXAMPLE_CODE
    title = "Children withdrawn from galamsey pits in Adansi North"
    drafts = [Draft("action_reminder", Fields(who="ADANSI", title=title, day=date(2027, 3, 31), code=code)),
              Draft("action_overdue", Fields(who="ADANSI", title=title, day=date(2027, 3, 31), code=code)),
              *(Draft(kind, Fields(who="ADANSI", code=code, title=t)) for kind, t in (
                  ("update_recorded", "52 -> 60"), ("update_lower", "60 -> 45"), ("update_error", ""),
                  ("update_cells_error", "F5-11 M5-11 F12-14 M12-14"), ("update_refused", ""),
                  ("update_help", "")))]
    for draft in drafts:
        sms = builder.build(draft, locale)
        assert (sms.segments, sms.encoding) == (1, "gsm7"), (draft.kind, sms.text)
        for word in sentences.keywords(locale, draft.kind):
            assert word.replace("Í", "I") in sms.text or word in sms.text, (word, sms.text)
    reminder = builder.build(drafts[0], locale).text
    parsed = inbound.parse(f"{sentences.UPDATE_WORDS[locale]} {code} 45")
    assert sentences.UPDATE_WORDS[locale] in reminder and parsed.reply(parsed.words.index(code)).keyword in \
        action_sms.UPDATE_WORDS
    yes = inbound.parse(f"{sentences.language(locale).yes} {code}")
    assert yes.reply(yes.words.index(code)).keyword in action_sms.YES_WORDS
