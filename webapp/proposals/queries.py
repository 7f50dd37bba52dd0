"""Reads for proposals (fixed statement counts: the page reads the proposal, its seats with names, and the reader's
seat, whatever the number of answers)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from tenants.context import current_tenant_id
from webapp.core import visibility as vis
from webapp.core.visibility import Reader
from webapp.extensions import db
from webapp.meetings import rules
from webapp.meetings.models import Decision, DecisionPosition
from webapp.members.models import Member
from webapp.proposals.models import Proposal, ProposalAnswer


def proposals(reader: Reader, limit: int = 100) -> list[Proposal]:
    """The forum's proposals the reader may see (webapp/core/visibility.py), open ones first."""
    return list(db.session.scalars(select(Proposal).where(
        Proposal.tenant_id == current_tenant_id(), vis.proposal_sql(reader, Proposal.visibility))
        .order_by(Proposal.status != "open", Proposal.deadline.desc(), Proposal.id.desc()).limit(limit)))


def proposal(proposal_id: int, reader: Reader) -> Proposal | None:
    """One proposal of the forum if the reader may see it."""
    return db.session.scalar(select(Proposal).where(Proposal.tenant_id == current_tenant_id(),
                                                    Proposal.id == proposal_id,
                                                    vis.proposal_sql(reader, Proposal.visibility)))


def decision_positions(proposal_id: int) -> list[tuple[str, str]]:
    """The positions per constituency recorded on the proposal's decision (none until it is adopted)."""
    return list(db.session.execute(
        select(DecisionPosition.constituency, DecisionPosition.position)
        .join(Decision, (Decision.tenant_id == DecisionPosition.tenant_id)
              & (Decision.id == DecisionPosition.decision_id))
        .where(Decision.tenant_id == current_tenant_id(), Decision.proposal_id == proposal_id)
        .order_by(DecisionPosition.constituency)).tuples())


@dataclass(frozen=True)
class SeatRow:
    answer: ProposalAnswer
    name: str
    answered_by: str | None  # the alternate's name when an alternate answered


def seats(proposal_id: int) -> list[SeatRow]:
    """Every seat with its holder's name (and the alternate's, if one answered): one statement."""
    holder = select(Member.name).where(Member.tenant_id == ProposalAnswer.tenant_id,
                                       Member.id == ProposalAnswer.member_id).scalar_subquery()
    by = select(Member.name).where(Member.tenant_id == ProposalAnswer.tenant_id,
                                   Member.id == ProposalAnswer.answered_by_id,
                                   ProposalAnswer.answered_by_id != ProposalAnswer.member_id).scalar_subquery()
    rows = db.session.execute(select(ProposalAnswer, holder, by).where(
        ProposalAnswer.tenant_id == current_tenant_id(), ProposalAnswer.proposal_id == proposal_id))
    return sorted((SeatRow(a, name, alt) for a, name, alt in rows), key=lambda r: (r.answer.constituency or "~",
                                                                                   r.name))


@dataclass(frozen=True)
class Rate:
    key: str | None
    answered: int
    seats: int

    @property
    def share(self) -> int:
        return round(100 * self.answered / self.seats) if self.seats else 0


@dataclass(frozen=True)
class Tallies:
    by_constituency: dict[str | None, dict[str, int]]
    by_gender: dict[str | None, dict[str, int]]
    answered: int
    seats: int

    def response(self, by: str = "constituency") -> list[Rate]:
        """The response rate of each constituency (or gender): seats answered of seats addressed."""
        table = self.by_constituency if by == "constituency" else self.by_gender
        return [Rate(key, sum(n for a, n in counts.items() if a != "none"), sum(counts.values()))
                for key, counts in table.items()]

    def silent(self, core: tuple[str, ...]) -> list[str]:
        """The core constituencies none of whose seats has answered (also those with no seat at all)."""
        return [c for c in core if not any(n for a, n in self.by_constituency.get(c, {}).items() if a != "none")]


def tallies(rows: list[SeatRow]) -> Tallies:
    seat_list = [rules.Seat(r.answer.member_id, r.answer.constituency, r.answer.gender) for r in rows]
    counted = {r.answer.member_id: rules.Answer(r.answer.member_id, r.answer.answer, r.answer.answered_at)
               for r in rows if r.answer.answer}
    return Tallies(rules.tally_by(seat_list, counted, "constituency"), rules.tally_by(seat_list, counted, "gender"),
                   len(counted), len(seat_list))


def open_for(member_ids: list[int]) -> list[Proposal]:
    """Open proposals on which one of these seats (the member's own, or their titular's) has not answered yet."""
    if not member_ids:
        return []
    seat = (ProposalAnswer.tenant_id == Proposal.tenant_id) & (ProposalAnswer.proposal_id == Proposal.id)
    return list(db.session.scalars(select(Proposal).join(ProposalAnswer, seat).where(
        Proposal.tenant_id == current_tenant_id(), Proposal.status == "open", ProposalAnswer.member_id.in_(member_ids),
        ProposalAnswer.answer.is_(None)).order_by(Proposal.deadline).distinct()))


@dataclass(frozen=True)
class Decided:
    """A proposal adopted between meetings and its decision, with how many seats answered of those addressed."""

    proposal: Proposal
    decision: Decision
    answered: int
    seats: int


def decided(reader: Reader, limit: int = 10, *, committee_id: int | None = None, since: datetime | None = None,
            until: datetime | None = None) -> list[Decided]:
    """The newest decisions taken between meetings that ``reader`` sees (the decision no wider than its proposal:
    webapp/core/visibility.py), each with its turnout: one statement. With ``committee_id``: only the proposals
    addressed to (or reporting to) that committee, closed from ``since`` to ``until``."""
    answered = select(func.count(ProposalAnswer.answer)).where(
        ProposalAnswer.tenant_id == Proposal.tenant_id, ProposalAnswer.proposal_id == Proposal.id).scalar_subquery()
    seats = select(func.count()).where(ProposalAnswer.tenant_id == Proposal.tenant_id,
                                       ProposalAnswer.proposal_id == Proposal.id).scalar_subquery()
    stmt = select(Proposal, Decision, answered, seats).join(
        Decision, (Decision.tenant_id == Proposal.tenant_id) & (Decision.proposal_id == Proposal.id)).where(
        Proposal.tenant_id == current_tenant_id(), Proposal.status == "closed",
        vis.decision_sql(reader, Decision.visibility, Proposal.visibility))
    if committee_id is not None:
        stmt = stmt.where(Proposal.committee_id == committee_id)
    if since is not None:
        stmt = stmt.where(Proposal.closed_at >= since)
    if until is not None:
        stmt = stmt.where(Proposal.closed_at <= until)
    rows = db.session.execute(stmt.order_by(Proposal.closed_at.desc(), Proposal.id.desc()).limit(limit))
    return [Decided(p, d, a, s) for p, d, a, s in rows]


def between_meetings(committee_id: int | None, since: datetime | None, until: datetime, reader: Reader
                     ) -> list[Decided]:
    """Bound in webapp/wiring.py (meetings' DECIDED_BETWEEN): a meeting's matters arising and minutes' annex."""
    if committee_id is None:
        return []
    return decided(reader, 50, committee_id=committee_id, since=since, until=until)
