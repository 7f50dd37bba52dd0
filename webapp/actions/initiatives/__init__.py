"""The register of actors and initiatives, "who does what where" (issue 41): the programmes and projects working on
the forum's issues, kept by the secretariat, reviewed once a year, linked to the plan objectives they serve, public
where the forum chooses (each initiative's visibility, webapp/core/visibility.py)."""
