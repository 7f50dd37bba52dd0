"""A forum's public pages (no sign-in, no cookie): more arrive with the public pages issue."""
