"""Synthetic data at city scale: `flask --app codesign seed --users 500000 --ideas 30000
--supports 3000000 --comments 250000` fills an empty database in a few minutes.

Unlike the demo (made through the services, a few dozen rows), this writes
rows in bulk (writer.py) and so must itself make every stored counter equal
its rows: it ends by running check-counts. The same --seed gives the same
people, ideas, supports and threads; dates are relative to now, over three
years. All synthetic accounts share ONE scrypt hash of a random secret that
is never shown, so nobody can sign in as them (unless --password sets it).
"""
import random
import secrets
import time

import click
from flask import current_app
from sqlalchemy import func, inspect, select

from .. import counts
from ..auth.passwords import hash_password
from ..extensions import db
from ..models import Challenge, Comment, Idea, Proposal, ServiceArea, Support
from .allocate import SeedError
from .assisted import write_assisted
from .ideas import plan_ideas, share_supports, write_ideas, write_supports
from .moderation import write_moderation
from .outcomes import finish_rows, plan_outcomes, write_follows, write_proposals
from .partners import write_partners
from .people import write_areas_and_challenges, write_users
from .pilots import write_pilots
from .practices import write_practices
from .reach import write_reach
from .threads import write_comments
from .world import World
from .writer import BulkWriter

# Content the seed would mix its made-up city with; existing accounts are fine.
MUST_BE_EMPTY = {Idea: "ideas", Support: "supports", Comment: "comments", Proposal: "proposals",
                 ServiceArea: "service areas", Challenge: "challenges"}


def _refuse_unless_empty(connection):
    if not inspect(connection).has_table(Idea.__tablename__):
        raise SeedError("The database has no tables yet: run `flask --app codesign db upgrade` first.")
    found = {name: connection.scalar(select(func.count()).select_from(model))
             for model, name in MUST_BE_EMPTY.items()}
    present = ", ".join(f"{n:,} {name}" for name, n in found.items() if n)
    if present:
        raise SeedError(f"The database already has content ({present}): seed fills an empty "
                        "database only. Point DATABASE_URL at a new one and run db upgrade.")


def seed_database(users, ideas, supports, comments, seed=1, password=None, progress=print):
    """Write everything in one transaction; returns {table: rows written}."""
    config = current_app.config
    if config["ENV_NAME"] == "production":
        raise SeedError("This is the production configuration (CODESIGN_ENV=production): seed "
                        "writes hundreds of thousands of made-up accounts. Use a development "
                        "database (CODESIGN_ENV=development).")
    world = World(random.Random(seed), config["IDEA_REVIEW_THRESHOLD"], config["REPORT_HIDE_THRESHOLD"])
    password_hash = hash_password(password or secrets.token_urlsafe(32))
    with db.engine.connect() as connection:
        writer = BulkWriter(connection, progress)
        writer.prepare()
        try:
            with connection.begin():
                writer.start()
                _refuse_unless_empty(connection)
                write_users(world, writer, users, password_hash)
                write_areas_and_challenges(world, writer, ideas)
                plan_ideas(world, ideas, writer.next_id(Idea.__table__))
                share_supports(world, supports)
                write_ideas(world, writer)
                write_supports(world, writer, supports)
                plan_outcomes(world)
                write_proposals(world, writer)
                write_pilots(world, writer)
                write_practices(world, writer)
                write_comments(world, writer, comments)
                finish_rows(world, writer)
                write_follows(world, writer)
                write_moderation(world, writer)
                write_partners(world, writer)
                write_reach(world, writer)
                write_assisted(world, writer, supports)
                progress("  finishing (sequences, statistics, commit)")
                writer.finish()
        finally:
            writer.restore()
    return writer.written


def init_app(app):
    @app.cli.command("seed")
    @click.option("--users", type=click.IntRange(min=20), default=1000, show_default=True)
    @click.option("--ideas", type=click.IntRange(min=1), default=200, show_default=True)
    # --votes is the option's older name, kept for scripts that use it.
    @click.option("--supports", "--votes", "supports", type=click.IntRange(min=0), default=5000,
                  show_default=True,
                  help="Supports online, exactly; each resident supports an idea at most once. "
                       "About one in fifty more are given in person (assisted residents).")
    @click.option("--comments", type=click.IntRange(min=0), default=2000, show_default=True)
    @click.option("--seed", "seed_value", type=int, default=1, show_default=True,
                  help="The same seed gives the same content.")
    @click.option("--password", help="Give every synthetic account this password, for load "
                                     "tests (default: a random secret nobody knows).")
    def seed_command(users, ideas, supports, comments, seed_value, password):
        """Fill an empty database with synthetic data, then check the counters."""
        started = time.monotonic()
        try:
            written = seed_database(users, ideas, supports, comments, seed=seed_value, password=password,
                                    progress=lambda line: click.echo(line, err=True))
        except SeedError as refusal:
            raise click.ClickException(str(refusal)) from None
        click.echo(f"Seeded in {time.monotonic() - started:.1f}s: "
                   + ", ".join(f"{table} {n:,}" for table, n in written.items()) + ".")
        click.echo("Every synthetic account shares one password hash ("
                   + ("the --password given" if password else "of a random secret nobody knows")
                   + "); emails are userN@example.invalid.")
        drift = counts.find_drift(db.session)
        for line in counts.describe(drift):
            click.echo(line)
        if any(drift.values()):
            raise click.exceptions.Exit(1)
