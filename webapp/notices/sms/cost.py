"""What a wave of SMS costs, said before it goes (issue 33): "3 of them by SMS: 3 SMS segments, 1% of this month's
allowance (12 of 1000 used so far)." — one sentence for every feature that asks first (a meeting's notice, a
proposal's reminder)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from webapp.notices.sms.services import Wave


def sentence(wave: Wave) -> str:
    """The cost, with a leading space to follow the question's detail, or "" when no SMS goes."""
    if not wave.messages:
        return ""
    cost = " " + ngettext(
        "%(num)d of them by SMS: %(segments)d SMS segments, %(share)d%% of this month's allowance "
        "(%(used)d of %(allowed)d used so far).",
        "%(num)d of them by SMS: %(segments)d SMS segments, %(share)d%% of this month's allowance "
        "(%(used)d of %(allowed)d used so far).", wave.messages, segments=wave.segments,
        share=round(100 * wave.share), used=wave.allowance.used, allowed=wave.allowance.allowed)
    if wave.exceeds:
        cost += " " + _("The allowance will not cover them all: the rest wait until next month.")
    return cost
