"""Knowledge-sharing webinar series chaired by member organisations in rotation."""
