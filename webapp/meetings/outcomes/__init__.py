"""In the room and after: attendance and quorum, minutes, decisions, published outcomes, search."""
