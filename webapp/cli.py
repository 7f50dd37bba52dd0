"""Flask CLI commands: ``flask demo load`` / ``flask demo accounts``."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("load")
def demo_load() -> None:
    """Load the demo forums (as the owner role; idempotent)."""
    from webapp import create_app, demo

    owner_app = create_app({"SQLALCHEMY_DATABASE_URI": current_app.config["DATABASE_OWNER_URL"]})
    with owner_app.app_context():
        demo.load()
    click.echo("demo data loaded")


@demo_cli.command("accounts")
def demo_accounts() -> None:
    """Print the demo accounts."""
    from webapp import demo

    click.echo(f"  Demo accounts (password for all: {demo.DEMO_PASSWORD}):")
    for email, role, forum in demo.accounts_table():
        click.echo(f"    {email:32} {role:15} {forum}")


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_cli)
