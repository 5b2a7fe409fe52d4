"""`flask --app app assembly ...`: the commands operators and scripts use to set up an event.

Keep the command names and options stable: deployment scripts depend on them.
Every failure prints one line and exits non-zero; no tracebacks.
"""

import click
from flask.cli import AppGroup
from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError

from assembly.accounts import services as accounts
from assembly.core.security import ROLES
from assembly.extensions import db

# Demo logins only: `make run` prints them; a real deployment creates its own.
DEMO_PASSWORD = "assembly-demo-2017"  # noqa: S105
DEMO_STAFF = [
    ("admin@assembly.example.org", "admin", None),
    ("officer@assembly.example.org", "officer", None),
    ("checkin@assembly.example.org", "checkin", None),
    ("focal.chn@assembly.example.org", "focal_point", "CHN"),
    ("focal.esp@assembly.example.org", "focal_point", "ESP"),
    ("focal.ken@assembly.example.org", "focal_point", "KEN"),
    ("focal.bra@assembly.example.org", "focal_point", "BRA"),
]


class SafeGroup(AppGroup):
    """A command group that turns database failures into one clear line."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (OperationalError, ProgrammingError) as exc:
            db.session.rollback()
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise click.ClickException(
                f"the database is not reachable or not set up ({reason}); check "
                "ASSEMBLY_DATABASE_URL and run `flask --app app db upgrade`"
            ) from None
        except SQLAlchemyError as exc:
            db.session.rollback()
            raise click.ClickException(f"database error: {exc.__class__.__name__}") from None


def safe_group(group: click.Group) -> SafeGroup:
    """Return `group`'s commands under the same name, database failures as one line."""
    return SafeGroup(
        group.name,
        commands=group.commands,
        callback=group.callback,  # Flask-Migrate's group options (--directory, -x)
        params=group.params,
        help=group.help,
    )


cli = SafeGroup("assembly", help="Set up and run a General Assembly.")


@cli.command("seed-countries")
def seed_countries_command():
    """Load or update INTERPOL's member countries from assembly/data."""
    from assembly.countries.services import seed_countries

    added, updated = seed_countries()
    db.session.commit()
    click.echo(f"countries: {added} added, {updated} updated")


@cli.command("seed-demo")
@click.option(
    "--if-empty",
    is_flag=True,
    help="On a database with real data, say so and leave it alone (exit 0): for `make run`.",
)
def seed_demo_command(if_empty):
    """Set up the demo (the 86th General Assembly, Beijing, 2017) in an empty database."""
    from flask import current_app

    from assembly import demo

    try:
        lines = demo.seed_demo(production=current_app.config["ENV_NAME"] == "production")
    except demo.NotADemoDatabase as exc:
        if if_empty:
            click.echo(f"demo not seeded: {exc}")
            return
        raise click.ClickException(str(exc)) from None
    for line in lines:
        click.echo(line)


@cli.command("create-user")
@click.argument("email")
@click.option("--role", required=True, help=f"One of: {', '.join(ROLES)}.")
@click.option("--country", "country", default=None, help="ISO alpha-3 code, for focal points.")
@click.option("--password", default=None, help="Generated and printed when not given.")
@click.option("--name", default="", help="The person's name, as shown to colleagues.")
def create_user_command(email, role, country, password, name):
    """Create a staff account."""
    try:
        user, generated = accounts.create_user(email, role, country, password, name)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"created {user.role} {user.email}" + (f" for {country.upper()}" if country else ""))
    if password is None:
        click.echo(f"password: {generated}")


@cli.command("create-token")
@click.argument("email")
@click.option("--name", default="", help="What the token is for, shown in token lists.")
def create_token_command(email, name):
    """Create a personal API token; it is printed once, on the last line."""
    user = accounts.find_user(email)
    if user is None or not user.active:
        raise click.ClickException(f"no active user with the email {email}")
    token = accounts.create_api_token(user, name)
    db.session.commit()
    click.echo(f"API token for {user.email} ({user.role}); store it now, it is not shown again:")
    click.echo(token)


@cli.command("purge-personal-data")
@click.option("--event", "number", type=int, required=True, help="The event's number, e.g. 86.")
def purge_personal_data_command(number):
    """Erase passport data, dates of birth and photos of a past event's participants."""
    from sqlalchemy import select

    from assembly.badges.printing import forget_files
    from assembly.core.event import Event
    from assembly.registration.photos import sweep_temp_uploads
    from assembly.registration.privacy import PurgeRefused, purge_personal_data

    event = db.session.scalars(select(Event).where(Event.number == number)).first()
    if event is None:
        raise click.ClickException(f"no event number {number}")
    try:
        purged = purge_personal_data(event)
    except PurgeRefused as exc:
        raise click.ClickException(str(exc)) from None
    # Badges (print-run PDFs, previews) show the photos too.
    badge_files = forget_files(event)
    db.session.commit()
    for path in purged.files + badge_files:  # only once the erasure is committed
        path.unlink(missing_ok=True)
    sweep_temp_uploads()
    click.echo(
        f"event {event.number}: personal data erased for {purged.participants} participants "
        f"({purged.photos} photos and {len(badge_files)} badge files deleted)"
    )


@cli.command("print-badges")
@click.option("--country", default=None, help="Only this delegation (ISO alpha-3 code).")
@click.option("--category", default=None, help="Only this category, e.g. Delegate.")
@click.option("--not-printed", is_flag=True, help="Only badges not printed yet.")
@click.option("--changed", is_flag=True, help="Only badges changed since printed.")
@click.option("--format", "fmt", type=click.Choice(["a6", "card", "a4-sheet"]), default="a4-sheet")
@click.option("--back", is_flag=True, help="Add a back side for duplex printing.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True))
def print_badges_command(country, category, not_printed, changed, fmt, back, output):
    """Print approved participants' badges to a PDF, as a recorded print run."""
    from flask_babel import force_locale

    with force_locale("en"):  # messages of the services, outside any request
        _print_badges(country, category, not_printed, changed, fmt, back, output)


def _check_writable(output: str) -> None:
    """Refuse in one line an output file whose folder is missing or not writable."""
    import os
    from pathlib import Path

    path = Path(output)
    folder = path.parent
    if not folder.is_dir():
        raise click.ClickException(f"cannot write {output}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise click.ClickException(f"cannot write {output}: permission denied")


def _print_badges(country, category, not_printed, changed, fmt, back, output):
    import shutil

    from assembly.badges import printing
    from assembly.badges import services as badges
    from assembly.core.event import current_event

    event = current_event()
    if event is None:
        raise click.ClickException("no event: run `flask --app app assembly seed-demo` first")
    # Checked before printing: badges are marked printed once the run's PDF exists,
    # and a copy that then fails would leave them marked with no file in hand.
    _check_writable(output)
    filters = {
        "country": country,
        "category": category,
        "never_printed": not_printed,
        "changed": changed,
    }
    try:
        run = badges.start_print_run(event, None, filters, fmt, back)
    except badges.BadgeError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    run = printing.execute(run.id)
    if run.state != "done":
        raise click.ClickException(f"print run {run.id} failed: {run.error}")
    try:
        shutil.copyfile(printing.run_file(run), output)
    except OSError as exc:
        raise click.ClickException(
            f"cannot write {output}: {exc.strerror}; the badges are printed in "
            f"{printing.run_file(run)}"
        ) from None
    click.echo(f"print run {run.id}: {run.printed} badges ({fmt}) written to {output}")
    for problem in run.report:
        who = f"#{problem['participant_id']} {problem['name']}"
        if problem["field"] == "version":
            click.echo(f"  reprinted while printing, do not hand over this copy: {who}")
        elif problem["field"] == "photo":
            click.echo(f"  printed without a photo ({problem['text']}): {who}")
        else:
            click.echo(f"  not printable: {who} ({problem['field']}: {problem['characters']})")
