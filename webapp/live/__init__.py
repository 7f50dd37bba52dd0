"""The meeting in the room (issue 38): live agenda, speakers' queue, interventions, projector, floor-time parity."""
