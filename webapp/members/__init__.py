"""The member roll of a forum (minimal in the skeleton; the members issue extends it)."""
