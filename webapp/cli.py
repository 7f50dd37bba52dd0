"""Flask CLI commands: ``flask demo load`` / ``flask demo accounts``."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("load")
def demo_load() -> None:
    """Load the demo forums (as the owner role; idempotent). Refused in production."""
    from webapp import create_app, demo

    if current_app.config["BARAZA_ENV"] == "production":
        raise click.ClickException(
            "flask demo load refuses to load the demo data in production (BARAZA_ENV=production): its accounts, "
            "a platform admin among them, share a password published in README.md. Demo data is for "
            "development (./scripts/run loads it).")
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


forums_cli = AppGroup("forums", help="Forums (tenants).")


@forums_cli.command("create")
@click.option("--slug", required=True, help="short name in URLs, e.g. ghana-nsccl")
@click.option("--name", required=True)
@click.option("--kind", default="steering_committee", show_default=True)
@click.option("--country", default=None, help="two-letter code")
@click.option("--locale", "default_locale", default="en", show_default=True)
@click.option("--also", "enabled", multiple=True, help="another language (repeat)")
@click.option("--timezone", default="UTC", show_default=True)
@click.option("--secretariat-name", required=True)
@click.option("--secretariat-email", required=True)
def forums_create(slug: str, name: str, kind: str, country: str | None, default_locale: str,
                  enabled: tuple[str, ...], timezone: str, secretariat_name: str, secretariat_email: str) -> None:
    """Create a forum and invite its first secretariat member by email."""
    from webapp.admin import services
    from webapp.extensions import db

    try:
        with current_app.test_request_context():  # links in the invitation are built from BASE_URL
            tenant = services.create_forum(slug=slug, name=name, kind=kind, country=country,
                                           default_locale=default_locale, enabled_locales=list(enabled),
                                           timezone=timezone, secretariat_name=secretariat_name,
                                           secretariat_email=secretariat_email)
            db.session.commit()
    except services.ForumError as e:
        db.session.rollback()
        raise click.BadParameter(f"{e.field}: {e}") from e
    click.echo(f"created forum {tenant.slug} (id {tenant.id}); invitation queued for {secretariat_email}")


@forums_cli.command("export")
@click.argument("slug")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="zip file to write")
def forums_export(slug: str, out: str) -> None:
    """Export every row of a forum as JSON and CSV (a zip)."""
    from sqlalchemy import select

    from tenants.models import Tenant
    from webapp import tenant_data
    from webapp.extensions import db

    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        raise click.BadParameter(f"no forum {slug}")
    with open(out, "wb") as f:
        f.write(tenant_data.export(tenant))
    click.echo(f"exported {slug} to {out}")


@forums_cli.command("import")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option("--slug", default=None, help="another short name for the forum (default: the exported one)")
@click.option("--invite", is_flag=True, help="invite the members whose account is not known here to create one")
def forums_import(archive: str, slug: str | None, invite: bool) -> None:
    """Restore a forum from its export (flask forums export): every row, its files and its translations."""
    from webapp import create_app, tenant_import
    from webapp.extensions import db

    owner_app = create_app({"SQLALCHEMY_DATABASE_URI": current_app.config["DATABASE_OWNER_URL"]})
    with owner_app.app_context(), owner_app.test_request_context():  # invitation links are built from BASE_URL
        try:
            with open(archive, "rb") as f:
                result = tenant_import.import_forum(f.read(), slug)
            invited = tenant_import.invite(result) if invite else 0
            db.session.commit()
            forum = f"{result.tenant.slug} (id {result.tenant.id})"
        except tenant_import.ImportRefused as e:
            db.session.rollback()
            raise click.ClickException(str(e)) from e
    click.echo(f"imported {forum}: {sum(result.rows.values())} rows, "
               f"{result.files} files; {result.accounts_matched} members linked to their account, "
               f"{len(result.to_invite)} without one here ({invited} invited)")
    for table, n in sorted(result.left_out.items()):
        click.echo(f"  {table}: {n} rows left out (their unique key is taken in this install)")


@forums_cli.command("delete")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="confirm: this deletes every row of the forum")
def forums_delete(slug: str, yes: bool) -> None:
    """Delete a forum and everything it owns (export it first)."""
    from sqlalchemy import select

    from tenants.models import Tenant
    from webapp import create_app, tenant_data
    from webapp.extensions import db

    if not yes:
        raise click.UsageError("add --yes to delete the forum and all its data")
    owner_app = create_app({"SQLALCHEMY_DATABASE_URI": current_app.config["DATABASE_OWNER_URL"]})
    with owner_app.app_context():
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
        if tenant is None:
            raise click.BadParameter(f"no forum {slug}")
        tenant_data.delete_tenant(tenant)
        db.session.commit()
    click.echo(f"deleted {slug}")


def init_app(app: Flask) -> None:
    from webapp.i18n_cli import i18n_cli

    app.cli.add_command(demo_cli)
    app.cli.add_command(i18n_cli)
    app.cli.add_command(forums_cli)
