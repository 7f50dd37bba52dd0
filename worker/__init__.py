"""RQ worker side: notice delivery (outbox relay), reports and scheduled sweeps.

The web app never imports this package: it writes outbox rows and enqueues jobs by dotted name.
"""
