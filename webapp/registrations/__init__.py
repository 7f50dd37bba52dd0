"""Registration for open public meetings and webinar sessions without an account (issue 42)."""
