"""Date polls (issue 37): the secretariat offers dates to a committee, each member answers yes / if need be / no per
date, the poll marks the dates that keep every core constituency and the gender balance in the room, and the chosen
date becomes the meeting."""
