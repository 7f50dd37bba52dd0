"""A forum's own settings: name, kind, languages, time zone, core constituencies, quorum, notices."""
