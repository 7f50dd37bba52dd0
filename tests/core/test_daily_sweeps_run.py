"""The daily sweeps that ask the forum's day (core.zones.forum_today) run over every forum (issue 35: the
members.services.today alias is gone; a sweep still naming it would fail here)."""


def test_the_daily_reminder_sweeps_run_for_every_forum(app, two_forums):
    from worker import sweeps

    with app.app_context():
        reviews = sweeps.remind_decision_reviews()
        actions = sweeps.remind_actions()
    # nothing is due in these forums: each sweep answers per forum that sent something, here none
    assert reviews == {} and actions == {}
