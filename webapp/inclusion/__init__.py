"""Gender-balance and inclusiveness checks (a pure engine), where they show, and the chair's dashboard."""
