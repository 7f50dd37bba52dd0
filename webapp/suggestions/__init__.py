"""The public suggests a matter for the agenda (issue 42): verified through the consultations' contacts and codes,
moderated like public comments, taken onto a draft meeting's agenda or answered publicly by the secretariat."""
