"""Proposals between meetings: a draft decision put to a committee, constituencies or the whole roll, answered
per seat until a deadline and decided by a rule of webapp/meetings/rules.py (issue 36)."""
