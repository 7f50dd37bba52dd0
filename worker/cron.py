"""Periodic sweeps for `rq cron worker/cron.py`. Later issues register theirs here."""
from rq import cron

from worker import federation, figures, sweeps

cron.register(sweeps.sweep_outboxes, queue_name="default", interval=60, name="sweep-outboxes")
cron.register(figures.record_forum_figures, queue_name="default", interval=60, name="forum-figures")  # /metrics
cron.register(sweeps.purge_login_failures, queue_name="default", interval=3600, name="purge-login-failures")
cron.register(sweeps.remind_term_ends, queue_name="default", cron="0 6 * * *", name="remind-term-ends")
cron.register(sweeps.send_meeting_reminders, queue_name="default", interval=300, name="meeting-reminders")
cron.register(sweeps.remind_decision_reviews, queue_name="default", cron="30 6 * * *", name="decision-reviews")
cron.register(sweeps.remind_recommendations, queue_name="default", cron="40 6 * * *",
              name="recommendation-follow-ups")
cron.register(sweeps.close_proposals, queue_name="default", interval=300, name="close-proposals")
cron.register(sweeps.retry_recordings, queue_name="default", interval=300, name="retry-recordings")
cron.register(sweeps.close_date_polls, queue_name="default", interval=300, name="close-date-polls")
cron.register(sweeps.remind_actions, queue_name="default", cron="0 7 * * *", name="action-reminders")
cron.register(sweeps.purge_sms_inbound, queue_name="default", cron="15 3 * * *", name="purge-sms-inbound")
cron.register(sweeps.purge_roll_imports, queue_name="default", interval=3600, name="purge-roll-imports")
cron.register(sweeps.purge_consultation_contacts, queue_name="default", cron="45 3 * * *",
              name="purge-consultation-contacts")
cron.register(federation.monthly_snapshots, queue_name="reports", cron="0 3 1 * *", name="federation-snapshots")
