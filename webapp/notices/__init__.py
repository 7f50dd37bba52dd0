"""Notices: the forum outbox (tenant table) and the platform mail outbox (global), and their pages.

Services write outbox rows in the same transaction as the change that causes them; delivery jobs
are enqueued after commit by dotted name (worker.delivery), and a sweep re-enqueues what was lost.
"""
