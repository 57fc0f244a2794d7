"""participation days: a number per day that the database changes whenever a
row behind the staff dashboard's figures for that day changes

Written by triggers on support, comment, idea and idea_status_change, so
that the dashboard's counts of past days can be kept in each worker under
these numbers and never shown stale (codesign/staff/participation.py). A
row written today with today's date changes nothing: today is counted
afresh on every view.

Plain CREATE TABLE and triggers, not a batch on an existing table, so
SQLite's search triggers of migration 0003 are untouched.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-06 04:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None

TABLE = "participation_day"
WEEKS = "weeks"
ANSWERS = "answers"
# Each trigger: (name, table, event, the columns an update changes, when it
# fires, the kind it changes, and whose day: the old row's, the new row's or
# today's). The answers' figures depend on which change is each idea's
# first, so any change to them changes today's number, which every view of
# the last twelve months reads.
TRIGGERS = []
for _table, _moved in (("support", ("created_at", "via_idea_id")), ("comment", ("created_at",)),
                       ("idea", ("created_at",))):
    TRIGGERS += [
        (f"{_table}_weeks_insert", _table, "INSERT", (), "past", WEEKS, "new"),
        (f"{_table}_weeks_delete", _table, "DELETE", (), None, WEEKS, "old"),
        (f"{_table}_weeks_update_old", _table, "UPDATE", _moved, "moved", WEEKS, "old"),
        (f"{_table}_weeks_update_new", _table, "UPDATE", _moved, "moved", WEEKS, "new"),
    ]
TRIGGERS += [
    ("idea_answers_delete", "idea", "DELETE", (), None, ANSWERS, "today"),
    ("idea_answers_update", "idea", "UPDATE", ("created_at", "ready_for_review_at"), "moved",
     ANSWERS, "today"),
    ("idea_status_change_answers_insert", "idea_status_change", "INSERT", (), None, ANSWERS,
     "today"),
    ("idea_status_change_answers_delete", "idea_status_change", "DELETE", (), None, ANSWERS,
     "today"),
    ("idea_status_change_answers_update", "idea_status_change", "UPDATE",
     ("idea_id", "created_at"), "moved", ANSWERS, "today"),
]


def _sqlite(name, table, event, columns, when, kind, row):
    day = "date('now')" if row == "today" else f"date({row}.created_at)"
    condition = {
        None: "",
        "past": " WHEN new.created_at < date('now')",
        "moved": " WHEN " + " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns),
    }[when]
    of = f" OF {', '.join(columns)}" if columns else ""
    return (f"CREATE TRIGGER {name} AFTER {event}{of} ON {table} FOR EACH ROW{condition} BEGIN "
            f"INSERT INTO {TABLE} (kind, day, version) "
            f"VALUES ('{kind}', {day}, abs(random()) % 1000000000000) "
            f"ON CONFLICT (kind, day) DO UPDATE SET version = version + 1; END")


def _postgresql(name, table, event, columns, when, kind, row):
    condition = {
        None: "",
        "past": " WHEN (NEW.created_at < date_trunc('day', now() AT TIME ZONE 'UTC'))",
        "moved": " WHEN (" + " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}"
                                          for c in columns) + ")",
    }[when]
    of = f" OF {', '.join(columns)}" if columns else ""
    return (f"CREATE TRIGGER {name} AFTER {event}{of} ON {table} FOR EACH ROW{condition} "
            f"EXECUTE FUNCTION participation_day_change('{kind}', '{row}')")


# The row's day (TG_ARGV[1]: "old", "new" or "today") under TG_ARGV[0].
POSTGRESQL_FUNCTION = f"""
CREATE FUNCTION participation_day_change() RETURNS trigger AS $$
DECLARE
    changed date;
BEGIN
    IF TG_ARGV[1] = 'old' THEN
        changed := OLD.created_at::date;
    ELSIF TG_ARGV[1] = 'new' THEN
        changed := NEW.created_at::date;
    ELSE
        changed := (now() AT TIME ZONE 'UTC')::date;
    END IF;
    INSERT INTO {TABLE} (kind, day, version)
    VALUES (TG_ARGV[0], changed, floor(random() * 1000000000000)::bigint)
    ON CONFLICT (kind, day) DO UPDATE SET version = {TABLE}.version + 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def upgrade():
    op.create_table(TABLE,
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'day', name=op.f('pk_participation_day'))
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute(POSTGRESQL_FUNCTION)
    for trigger in TRIGGERS:
        op.execute(_postgresql(*trigger) if postgresql else _sqlite(*trigger))


def downgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    for name, table, *_rest in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgresql else ""))
    if postgresql:
        op.execute("DROP FUNCTION IF EXISTS participation_day_change()")
    op.drop_table(TABLE)
