"""The `mustard` command: serve, worker, migrate, users and tenants, plugins, shell.

Every command reads the same ini file (development.ini by default) with environment
overrides; a bad setting stops it with one line naming the setting.
"""

from __future__ import annotations

import logging
import logging.config
import secrets
import sys
from pathlib import Path
from typing import Any

import click
from sqlalchemy import select

from mustard_core.settings import SettingsError

DEFAULT_CONFIG = "development.ini"


def load_settings(config_path: str) -> dict[str, Any]:
    """The [app:main] section of an ini file, with %(here)s expanded."""
    from configparser import ConfigParser

    path = Path(config_path).resolve()
    if not path.exists():
        raise click.ClickException(f"config file {config_path} not found")
    parser = ConfigParser(defaults={"here": str(path.parent)})
    parser.read(path)
    if not parser.has_section("app:main"):
        raise click.ClickException(f"{config_path} has no [app:main] section")
    settings = {key: value for key, value in parser.items("app:main")
                if key not in {"here", "use"}}
    settings["_config_file"] = str(path)
    if parser.has_section("loggers"):
        logging.config.fileConfig(path, defaults={"here": str(path.parent)},
                                  disable_existing_loggers=False)
    return settings


class Context:
    def __init__(self, config: str):
        self.config = config
        self._platform = None

    def settings(self) -> dict[str, Any]:
        return load_settings(self.config)

    def platform(self, **overrides: Any):
        if self._platform is None:
            from mustard_core.platform import build_platform

            settings = self.settings()
            settings.update(overrides)
            try:
                self._platform = build_platform(settings)
            except SettingsError as exc:
                raise click.ClickException(str(exc)) from None
        return self._platform


pass_ctx = click.make_pass_decorator(Context)


class MustardGroup(click.Group):
    """Lets installed plugins add commands (the `mustard_cli` hook) before parsing."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._add_plugin_commands()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str):
        self._add_plugin_commands()
        return super().get_command(ctx, name)

    def _add_plugin_commands(self) -> None:
        if getattr(self, "_plugins_added", False):
            return
        self._plugins_added = True
        from mustard_core.plugins import build_plugin_manager

        try:
            pm = build_plugin_manager({})
        except SettingsError:
            return
        pm.hook.mustard_cli(cli=self)


@click.group(cls=MustardGroup)
@click.option("--config", "-c", default=DEFAULT_CONFIG, show_default=True,
              envvar="MUSTARD_CONFIG", help="The ini file to read.")
@click.pass_context
def cli(ctx: click.Context, config: str) -> None:
    """Mustard: CV storage, parsing, search and branded resumes."""
    ctx.obj = Context(config)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=6543, show_default=True, type=int)
@click.option("--server", type=click.Choice(["waitress", "gunicorn"]), default=None,
              help="Default: waitress for SQLite, gunicorn otherwise.")
@click.option("--workers", default=2, show_default=True, type=int, envvar="MUSTARD_WEB_WORKERS",
              help="gunicorn processes (a task definition sets MUSTARD_WEB_WORKERS).")
@pass_ctx
def serve(obj: Context, host: str, port: int, server: str | None, workers: int) -> None:
    """Serve the API and the admin console."""
    settings = obj.settings()
    embedded = str(settings.get("sqlalchemy.url", "")).startswith("sqlite")
    platform = obj.platform()
    if platform.settings["mustard.auto_migrate"]:
        from mustard_core.migrate import upgrade

        _prepare_sqlite_folder(platform.settings["sqlalchemy.url"])
        upgrade(platform.engine)
    if platform.settings["mustard.demo"]:
        _ensure_demo(platform)
    server = server or ("waitress" if embedded else "gunicorn")
    from mustard_core.app import make_app

    app = make_app(None, platform=platform)
    click.echo(f"Mustard on http://{host}:{port}/ (API /api/v1, docs /api/v1/docs)")
    if server == "waitress":
        import waitress

        scheduler = None
        if platform.settings["mustard.jobs.runner"] == "inprocess":
            from mustard_core.periodic import EmbeddedScheduler

            scheduler = EmbeddedScheduler(platform).start()  # no beat here: run it in-process
        try:
            waitress.serve(app, host=host, port=port, threads=8, ident="mustard")
        finally:
            if scheduler is not None:
                scheduler.stop()
    else:
        from mustard_core.gunicorn_app import run_gunicorn

        run_gunicorn(obj.config, host=host, port=port, workers=workers)


def _prepare_sqlite_folder(url: str) -> None:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)


def _ensure_demo(platform) -> None:
    """First start of the embedded default: a demo tenant and an admin, password shown once."""
    from mustard_core.models import Role, Tenant
    from mustard_core.services.users import create_tenant, create_user
    from mustard_core.tenancy import ALL_TENANTS

    with platform.session(ALL_TENANTS) as session:
        if session.scalar(select(Tenant).limit(1)) is not None:
            return
        tenant = create_tenant(session, name="Demo Agency", slug="demo")
        password = secrets.token_urlsafe(12)
        create_user(session, platform.passwords, tenant=tenant, email="admin@demo.example",
                    password=password, role=Role.admin, name="Demo Admin", superadmin=True)
    click.echo("Created tenant 'demo' and user admin@demo.example")
    click.echo(f"  password (shown once): {password}")


@cli.command()
@pass_ctx
def migrate(obj: Context) -> None:
    """Bring the database schema up to date (a one-off deploy step)."""
    from mustard_core.migrate import upgrade

    platform = obj.platform()
    _prepare_sqlite_folder(platform.settings["sqlalchemy.url"])
    upgrade(platform.engine)
    click.echo("database is up to date")


@cli.command("create-tenant")
@click.option("--name", required=True)
@click.option("--slug", required=True)
@pass_ctx
def create_tenant_cmd(obj: Context, name: str, slug: str) -> None:
    """Create a client database."""
    from mustard_core.services.users import UserError, create_tenant
    from mustard_core.tenancy import ALL_TENANTS

    platform = obj.platform()
    try:
        with platform.session(ALL_TENANTS) as session:
            tenant = create_tenant(session, name=name, slug=slug)
            tenant_id = tenant.id
    except UserError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"tenant {slug} created ({tenant_id})")


@cli.command("create-user")
@click.option("--tenant", "tenant_slug", default=None, help="Tenant slug.")
@click.option("--email", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--role", type=click.Choice(["recruiter", "admin", "ops"]), default="recruiter",
              show_default=True)
@click.option("--name", default="")
@click.option("--superadmin", is_flag=True, help="A platform superadmin.")
@pass_ctx
def create_user_cmd(obj: Context, tenant_slug: str | None, email: str, password: str, role: str,
                    name: str, superadmin: bool) -> None:
    """Create a user (a recruiter, a tenant admin, ops, or a platform superadmin)."""
    from mustard_core.services.users import UserError, create_user
    from mustard_core.tenancy import ALL_TENANTS

    platform = obj.platform()
    try:
        with platform.session(ALL_TENANTS) as session:
            tenant = _tenant(session, tenant_slug) if tenant_slug else None
            create_user(session, platform.passwords, tenant=tenant, email=email,
                        password=password, role=role, name=name, superadmin=superadmin)
    except UserError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"user {email.strip().lower()} created")


@cli.command("import-users")
@click.option("--tenant", "tenant_slug", required=True)
@click.argument("csv_file", type=click.File("r", encoding="utf-8"))
@pass_ctx
def import_users_cmd(obj: Context, tenant_slug: str, csv_file) -> None:
    """Import users from the old system (CSV: email,name,role,salt,md5; see
    docs/import-users.md). All rows or none."""
    from mustard_core.services.users import UserError, import_users
    from mustard_core.tenancy import ALL_TENANTS

    platform = obj.platform()
    try:
        with platform.session(ALL_TENANTS) as session:
            tenant = _tenant(session, tenant_slug)
            emails = import_users(session, platform.passwords, tenant, csv_file.read())
    except UserError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"imported {len(emails)} users")


def _tenant(session, slug: str):
    from mustard_core.models import Tenant

    tenant = session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        raise click.ClickException(f"no tenant {slug!r}")
    return tenant


@cli.command()
@click.option("--concurrency", default=2, show_default=True, type=int)
@click.option("--loglevel", default="info", show_default=True)
@click.option("--beat", is_flag=True, help="Also run the periodic relay (one worker only).")
@pass_ctx
def worker(obj: Context, concurrency: int, loglevel: str, beat: bool) -> None:
    """Run a Celery worker for the platform's jobs."""
    platform = obj.platform(**{"mustard.jobs.runner": "celery"})
    celery = platform.dispatcher.celery
    argv = ["worker", f"--loglevel={loglevel}", f"--concurrency={concurrency}",
            "-Q", platform.settings["celery.queue"], "--without-gossip", "--without-mingle"]
    if beat:
        argv.append("--beat")
    celery.worker_main(argv)


@cli.command()
@pass_ctx
def beat(obj: Context) -> None:
    """Run the periodic scheduler (the job relay)."""
    platform = obj.platform(**{"mustard.jobs.runner": "celery"})
    platform.dispatcher.celery.start(["beat", "--loglevel=info"])


@cli.command()
@pass_ctx
def plugins(obj: Context) -> None:
    """List plugins: name, version, hooks, roles served, and health."""
    from mustard_core.health import readiness
    from mustard_core.plugins import plugin_infos

    platform = obj.platform()
    health = readiness(platform)
    selected = {role: platform.settings[f"mustard.{role}"]
                for role in ("storage", "search", "parser", "metrics")}
    for info in plugin_infos(platform.pm):
        kind = "built-in" if info.builtin else "installed"
        click.echo(f"{info.name} {info.version} ({kind}, {info.module})")
        for role, names in info.roles.items():
            for name in names:
                chosen = selected[role]
                active = name in chosen if isinstance(chosen, list) else name == chosen
                mark = "selected" if active else "available"
                line = f"  {role}: {name} [{mark}]"
                if active and role in health:
                    state = health[role]
                    line += f" health: {'ok' if state.ok else 'FAILING ' + state.detail}"
                click.echo(line)
        click.echo(f"  hooks: {', '.join(info.hooks)}")
    failing = {name: h for name, h in health.items() if not h.ok}
    click.echo("health: " + ("ok" if not failing else
                             "; ".join(f"{n} failing ({h.detail})" for n, h in failing.items())))


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--tenant", "tenant_slug", required=True)
@pass_ctx
def ingest(obj: Context, files: tuple[str, ...], tenant_slug: str) -> None:
    """Upload CV files from disk through the normal pipeline and wait for their parse jobs
    (in-process runner only)."""
    from mustard_core.errors import ApiError
    from mustard_core.models import DocumentKind, Job
    from mustard_core.services.documents import accept_upload
    from mustard_core.tenancy import ALL_TENANTS

    platform = obj.platform()
    job_ids = []
    for path in files:
        with platform.session(ALL_TENANTS) as session:
            tenant = _tenant(session, tenant_slug)
        try:
            with platform.session(tenant.id) as session:
                accepted = accept_upload(platform, session, tenant,
                                         data=Path(path).read_bytes(), filename=Path(path).name,
                                         kind=DocumentKind.cv, candidate=None, user_id=None,
                                         request_id=None)
                job_ids.append((path, accepted.job.id))
        except ApiError as exc:
            click.echo(f"{path}: refused: {exc.message}")
    drain = getattr(platform.dispatcher, "drain", None)
    if drain is not None:
        drain(timeout=300)
        drain(timeout=300)  # the index jobs the parses enqueued
    with platform.session(ALL_TENANTS) as session:
        for path, job_id in job_ids:
            job = session.get(Job, job_id)
            outcome = job.result.get("candidate_id") if job.state.value == "succeeded" else (
                job.error)
            click.echo(f"{path}: {job.state.value} {outcome or ''}")


@cli.command()
@click.option("--tenant", "tenant_slug", required=True)
@click.argument("query", default="")
@click.option("--skills", default="")
@pass_ctx
def search(obj: Context, tenant_slug: str, query: str, skills: str) -> None:
    """Search a tenant's candidates from the command line."""
    from mustard_core.roles import SearchQuery
    from mustard_core.tenancy import ALL_TENANTS

    platform = obj.platform()
    with platform.session(ALL_TENANTS) as session:
        tenant = _tenant(session, tenant_slug).ref()
    result = platform.search.search(tenant, SearchQuery(
        q=query, skills=[s for s in skills.split(",") if s]))
    click.echo(f"{result.total} found")
    for hit in result.hits:
        click.echo(f"  {hit.id}  {hit.name or '-'}  {hit.headline or ''}  "
                   f"[{', '.join(hit.skills[:6])}]")


@cli.command()
@pass_ctx
def shell(obj: Context) -> None:
    """A Python shell with `platform` and `models` ready."""
    import code

    from mustard_core import models

    platform = obj.platform()
    code.interact(banner="Mustard shell: platform, models",
                  local={"platform": platform, "models": models})


def main() -> None:  # pragma: no cover
    try:
        cli()
    except SettingsError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
