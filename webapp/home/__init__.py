"""A forum's home page (members only). Later features add their summaries to it."""
