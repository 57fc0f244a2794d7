"""Stored counters against the rows they count: `flask --app codesign check-counts`.

The services keep Idea.support_count, Idea.in_person_support_count, Idea.comment_count and
Proposal.comment_count in the same transaction as the rows; this finds any
drift (a bug, a hand edit, a bulk load) with one aggregate query per counter,
and --repair recomputes the drifting ones with one UPDATE per counter.
Repairing while people are supporting and commenting is safe only as far
as each UPDATE is: run it when the site is quiet, then check again."""
from dataclasses import dataclass

import click
from sqlalchemy import func, select, update

from .extensions import db
from .models import Comment, Idea, Proposal, Support


@dataclass(frozen=True)
class Counter:
    name: str
    owner: type  # the model holding the counter
    column: str
    counted: type  # the model whose rows it counts
    foreign_key: str
    visible_only: bool = False
    in_person_only: bool = False  # supports given in person (codesign/assist)

    def _conditions(self):
        if self.in_person_only:
            return (self.counted.assisted_resident_id.is_not(None),)
        if not self.visible_only:
            return ()
        return (self.counted.deleted_at.is_(None), self.counted.hidden_at.is_(None))

    def drift_query(self):
        """(id, stored, actual) for every row whose counter is wrong."""
        key = getattr(self.counted, self.foreign_key)
        actual_rows = (
            select(key.label("owner_id"), func.count().label("actual"))
            .where(key.is_not(None), *self._conditions())
            .group_by(key)
            .subquery()
        )
        stored = getattr(self.owner, self.column)
        actual = func.coalesce(actual_rows.c.actual, 0)
        return (
            select(self.owner.id, stored, actual)
            .outerjoin(actual_rows, actual_rows.c.owner_id == self.owner.id)
            .where(stored != actual)
            .order_by(self.owner.id)
        )

    def repair_statement(self):
        actual = (
            select(func.count())
            .select_from(self.counted)
            .where(getattr(self.counted, self.foreign_key) == self.owner.id, *self._conditions())
            .scalar_subquery()
        )
        stored = getattr(self.owner, self.column)
        return (
            update(self.owner)
            .where(stored != actual)
            .values({self.column: actual})
            .execution_options(synchronize_session=False)
        )


COUNTERS = (
    Counter("Idea.support_count", Idea, "support_count", Support, "idea_id"),
    Counter("Idea.in_person_support_count", Idea, "in_person_support_count", Support, "idea_id",
            in_person_only=True),
    Counter("Idea.comment_count", Idea, "comment_count", Comment, "idea_id", visible_only=True),
    Counter("Proposal.comment_count", Proposal, "comment_count", Comment, "proposal_id",
            visible_only=True),
)


def find_drift(session):
    """{counter name: [(id, stored, actual), ...]} for every counter."""
    return {counter.name: session.execute(counter.drift_query()).all() for counter in COUNTERS}


def repair_counts(session):
    """Recompute every drifting counter; {counter name: rows changed}. The caller commits."""
    return {counter.name: session.execute(counter.repair_statement()).rowcount
            for counter in COUNTERS}


def describe(drift):
    """Lines for people: per counter "0 drift", or each drifting row."""
    lines = []
    for name, rows in drift.items():
        lines.append(f"{name}: {len(rows)} drift")
        owner = name.split(".")[0].lower()
        lines += [f"  {owner} {row_id}: stored {stored}, actual {actual}"
                  for row_id, stored, actual in rows]
    total = sum(len(rows) for rows in drift.values())
    lines.append(f"Total: {total} drift")
    return lines


def init_app(app):
    @app.cli.command("check-counts")
    @click.option("--repair", is_flag=True, help="Set each drifting counter to its rows.")
    def check_counts_command(repair):
        """Compare every stored counter with the rows it counts; exit 1 on drift."""
        drift = find_drift(db.session)
        for line in describe(drift):
            click.echo(line)
        if repair:
            repaired = repair_counts(db.session)
            db.session.commit()
            click.echo(f"Repaired {sum(repaired.values())} counters.")
            drift = find_drift(db.session)
            click.echo(describe(drift)[-1] + " after repair")
        if any(drift.values()):
            raise click.exceptions.Exit(1)
