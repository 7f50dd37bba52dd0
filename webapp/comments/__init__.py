"""Comments anchored to a paragraph of a circulated draft (minutes, a proposal's text), answered by the secretariat
(issue 37)."""
