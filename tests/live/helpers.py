"""A held meeting with four members present (two women, two men, three constituencies), for the live tests."""
from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import select

from tenants.rls import tenant_context
from tests.conftest import PASSWORD
from webapp.auth import services as accounts
from webapp.extensions import db
from webapp.meetings.models import Invitation
from webapp.meetings.outcomes import services as outcomes
from webapp.members import services as roll

T0 = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
PEOPLE = (("Ama Mensah", "woman", "workers"), ("Kofi Boateng", "man", "employers"),
          ("Yaw Owusu", "man", "workers"), ("Esi Asante", "woman", "government"))


def room(app, factory, tenant, accounts_for: bool = True) -> dict[str, object]:  # noqa: ANN001
    """Four members (with accounts) present at a meeting with two agenda items."""
    from webapp.meetings import services as meetings
    from webapp.meetings.models import Meeting

    ids, emails = [], []
    with app.app_context(), tenant_context(tenant):
        for name, gender, constituency in PEOPLE:
            email = name.lower().replace(" ", ".") + f"@{tenant.slug}.test"
            user = accounts.find_user_by_email(email) or accounts.create_user(email, name, PASSWORD) \
                if accounts_for else None
            ids.append(roll.add_member(name, email, "member", user=user, gender=gender,
                                       constituency=constituency).id)
            emails.append(email)
        db.session.commit()
    m = factory.meeting(tenant, title="Room", member_ids=tuple(ids), days_ahead=0, notify=True)
    with app.app_context(), tenant_context(tenant):
        meeting = db.session.get(Meeting, (tenant.id, m["id"]))
        second = meetings.save_agenda_item(meeting, None, title="Mining permits", presenter="Chair", minutes=30,
                                           kind="discussion")
        for inv in db.session.scalars(select(Invitation).where(Invitation.meeting_id == m["id"])):
            outcomes.set_attendance(inv, True)
        db.session.commit()
        m["second_item_id"] = second.id
    return {**m, "member_ids": ids, "emails": emails}



def csrf(client, path: str) -> str:  # noqa: ANN001
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def post(client, path: str, page: str, **data: object):  # noqa: ANN001, ANN201
    """A form of the live views posted with the CSRF token of the page it sits on."""
    return client.post(path, data={"csrf_token": csrf(client, page), **data})
