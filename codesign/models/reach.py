"""Who is being heard: the questions people may answer about themselves, their
answers, the places (wards or postcode districts) an administrator lists, and
the reference population's shares that the reach report compares with.

An answer is one per person per question, and for "do you use this service"
one per person per service area: two partial unique indexes, because a NULL
service area would make one plain unique constraint let duplicates through.
The values an answer may take are checked by the database too. Answers are
only ever read in aggregate (codesign/reach/report.py). An assisted
resident's answers, recorded by a connector, are kept the same way in their
own table (AssistedReachAnswer)."""
from ..clock import utcnow
from ..extensions import db

PREFER_NOT = "prefer_not"
PLACE = "place"  # the value of an answer (or a reference share) naming a listed place

AGE, PLACE_QUESTION, DISABILITY, SERVICE_USE, ETHNICITY = (
    "age", "place", "disability", "service_use", "ethnicity")
QUESTIONS = (AGE, PLACE_QUESTION, DISABILITY, SERVICE_USE, ETHNICITY)

# The groups of each question, in the order they are offered ("prefer not to
# say" comes last, and is never a group of the reference population).
GROUPS = {
    AGE: ("under_16", "16_24", "25_34", "35_49", "50_64", "65_74", "75_over"),
    PLACE_QUESTION: (PLACE,),
    DISABILITY: ("yes", "no"),
    SERVICE_USE: ("yes", "no"),
    # England and Wales, 2021 census: the five high-level groups.
    ETHNICITY: ("asian", "black", "mixed", "white", "other"),
}
VALUE_MAX = 20


def _in(column, values):
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _values_check(with_prefer_not):
    extra = (PREFER_NOT,) if with_prefer_not else ()
    return " OR ".join(f"(question = '{question}' AND {_in('value', GROUPS[question] + extra)})"
                       for question in QUESTIONS)


QUESTION_KNOWN = _in("question", QUESTIONS)
AREA_ONLY_FOR_SERVICE_USE = (
    f"(question = '{SERVICE_USE}' AND service_area_id IS NOT NULL)"
    f" OR (question <> '{SERVICE_USE}' AND service_area_id IS NULL)")


class ReachQuestion(db.Model):
    """A question the site asks: a row per question asked (an administrator's choice)."""

    __tablename__ = "reach_question"
    __table_args__ = (db.CheckConstraint(_in("key", QUESTIONS), name="known"),)

    key = db.Column(db.String(VALUE_MAX), primary_key=True)
    asked_since = db.Column(db.DateTime, nullable=False, default=utcnow)


class ReachPlace(db.Model):
    """A ward or postcode district people may say they live in."""

    __tablename__ = "reach_place"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False, unique=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class ReachAnswer(db.Model):
    __tablename__ = "reach_answer"
    __table_args__ = (
        db.CheckConstraint(QUESTION_KNOWN, name="question_known"),
        db.CheckConstraint(_values_check(True), name="value_fits"),
        db.CheckConstraint(AREA_ONLY_FOR_SERVICE_USE, name="area_only_for_service_use"),
        db.CheckConstraint(f"(place_id IS NOT NULL) = (value = '{PLACE}')",
                           name="place_named"),
        db.Index("uq_reach_answer_person", "user_id", "question", unique=True,
                 sqlite_where=db.text("service_area_id IS NULL"),
                 postgresql_where=db.text("service_area_id IS NULL")),
        db.Index("uq_reach_answer_person_area", "user_id", "question", "service_area_id",
                 unique=True, sqlite_where=db.text("service_area_id IS NOT NULL"),
                 postgresql_where=db.text("service_area_id IS NOT NULL")),
        db.Index("ix_reach_answer_question_value", "question", "value", "service_area_id"),
    )

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="CASCADE"),
                        nullable=False)
    question = db.Column(db.String(VALUE_MAX), nullable=False)
    service_area_id = db.Column(
        db.Integer, db.ForeignKey("service_area.id", ondelete="CASCADE"), index=True)
    value = db.Column(db.String(VALUE_MAX), nullable=False)
    place_id = db.Column(db.Integer, db.ForeignKey("reach_place.id"), index=True)
    answered_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class AssistedReachAnswer(db.Model):
    """An assisted resident's answer (codesign/assist), recorded by a
    connector with the resident there: the same rules as ReachAnswer, one
    per resident per question, and it goes with the resident's record."""

    __tablename__ = "assisted_reach_answer"
    __table_args__ = (
        db.CheckConstraint(QUESTION_KNOWN, name="question_known"),
        db.CheckConstraint(_values_check(True), name="value_fits"),
        db.CheckConstraint(AREA_ONLY_FOR_SERVICE_USE, name="area_only_for_service_use"),
        db.CheckConstraint(f"(place_id IS NOT NULL) = (value = '{PLACE}')",
                           name="place_named"),
        db.Index("uq_assisted_reach_answer_person", "resident_id", "question", unique=True,
                 sqlite_where=db.text("service_area_id IS NULL"),
                 postgresql_where=db.text("service_area_id IS NULL")),
        db.Index("uq_assisted_reach_answer_person_area", "resident_id", "question",
                 "service_area_id", unique=True,
                 sqlite_where=db.text("service_area_id IS NOT NULL"),
                 postgresql_where=db.text("service_area_id IS NOT NULL")),
        db.Index("ix_assisted_reach_answer_question_value", "question", "value",
                 "service_area_id"),
    )

    id = db.Column(db.Integer, primary_key=True)
    resident_id = db.Column(db.Integer,
                            db.ForeignKey("assisted_resident.id", ondelete="CASCADE"),
                            nullable=False)
    question = db.Column(db.String(VALUE_MAX), nullable=False)
    service_area_id = db.Column(
        db.Integer, db.ForeignKey("service_area.id", ondelete="CASCADE"), index=True)
    value = db.Column(db.String(VALUE_MAX), nullable=False)
    place_id = db.Column(db.Integer, db.ForeignKey("reach_place.id"), index=True)
    answered_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class ReachReference(db.Model):
    """The reference population for one question, site-wide (no service
    area) or for one service area's users, with its source and year."""

    __tablename__ = "reach_reference"
    __table_args__ = (
        db.CheckConstraint(QUESTION_KNOWN, name="question_known"),
        db.CheckConstraint("year BETWEEN 1900 AND 2100", name="year_plausible"),
        db.Index("uq_reach_reference_site", "question", unique=True,
                 sqlite_where=db.text("service_area_id IS NULL"),
                 postgresql_where=db.text("service_area_id IS NULL")),
        db.Index("uq_reach_reference_area", "question", "service_area_id", unique=True,
                 sqlite_where=db.text("service_area_id IS NOT NULL"),
                 postgresql_where=db.text("service_area_id IS NOT NULL")),
    )

    id = db.Column(db.Integer, primary_key=True)
    question = db.Column(db.String(VALUE_MAX), nullable=False)
    service_area_id = db.Column(
        db.Integer, db.ForeignKey("service_area.id", ondelete="CASCADE"), index=True)
    source = db.Column(db.String(200), nullable=False)
    year = db.Column(db.Integer, nullable=False)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    shares = db.relationship("ReachReferenceShare", lazy="selectin",
                             cascade="all, delete-orphan", passive_deletes=True)


class ReachReferenceShare(db.Model):
    """The percentage of the reference population in one group."""

    __tablename__ = "reach_reference_share"
    __table_args__ = (
        db.CheckConstraint("share >= 0 AND share <= 100", name="share_is_percentage"),
        db.CheckConstraint(f"(place_id IS NOT NULL) = (value = '{PLACE}')",
                           name="place_named"),
        db.CheckConstraint(f"value <> '{PREFER_NOT}'", name="a_group"),
        db.Index("uq_reach_reference_share_group", "reference_id", "value", unique=True,
                 sqlite_where=db.text("place_id IS NULL"),
                 postgresql_where=db.text("place_id IS NULL")),
        db.Index("uq_reach_reference_share_place", "reference_id", "place_id", unique=True,
                 sqlite_where=db.text("place_id IS NOT NULL"),
                 postgresql_where=db.text("place_id IS NOT NULL")),
    )

    id = db.Column(db.Integer, primary_key=True)
    reference_id = db.Column(db.Integer, db.ForeignKey("reach_reference.id", ondelete="CASCADE"),
                             nullable=False)
    value = db.Column(db.String(VALUE_MAX), nullable=False)
    place_id = db.Column(db.Integer, db.ForeignKey("reach_place.id", ondelete="CASCADE"),
                         index=True)
    share = db.Column(db.Numeric(5, 2), nullable=False)
