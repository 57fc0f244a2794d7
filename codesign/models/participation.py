from ..extensions import db


class ParticipationDay(db.Model):
    """A number for each day that changes whenever a row behind the staff
    dashboard's figures for that day changes, written by the database's own
    triggers (migration 0027), so nothing in the app has to remember it.

    kind "weeks": a support, comment or idea of that day was deleted, moved
    to another day, written with that day's date after the day ended, or (a
    support) had via_idea_id changed; kind "answers": on the day it happened,
    an official answer was given, changed or deleted, or an idea was deleted
    or had its ready-for-review time changed. A new row starts at a random
    number, so a day whose row was deleted never repeats an earlier number.
    codesign/staff/participation.py keeps each worker's counts of past days
    under these numbers: a count is used only while its day's number is the
    one it was counted under."""

    __tablename__ = "participation_day"

    kind = db.Column(db.String(8), primary_key=True)
    day = db.Column(db.Date, primary_key=True)
    version = db.Column(db.BigInteger, nullable=False)
