"""Recommendations a forum addresses to an institution, and the answers it gets over time (issue 41)."""
