"""Meetings: plan, agenda, documents, invitations, notices with calendar invitations, RSVP, reminders."""
