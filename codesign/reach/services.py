"""The rules for profile questions, answers, places and reference shares.
Plain functions that flush and never commit; a refusal is a DomainError
naming the field it belongs beside."""
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..clock import utcnow
from ..exceptions import DomainError
from ..extensions import db
from ..models import (
    AssistedReachAnswer,
    ReachAnswer,
    ReachPlace,
    ReachQuestion,
    ReachReference,
    ServiceArea,
)
from ..models.reach import (
    GROUPS,
    PLACE,
    PLACE_QUESTION,
    PREFER_NOT,
    QUESTIONS,
    SERVICE_USE,
    ReachReferenceShare,
)


class ReachError(DomainError):
    pass


# -- which questions ------------------------------------------------------------------

def asked_questions():
    """The keys of the questions the site asks, in the order it asks them."""
    keys = set(db.session.scalars(select(ReachQuestion.key)))
    return [question for question in QUESTIONS if question in keys]


def set_asked_questions(keys):
    keys = set(keys)
    unknown = keys - set(QUESTIONS)
    if unknown:
        raise ReachError(_("Choose only from the questions listed."), "questions")
    current = set(asked_questions())
    if current - keys:
        db.session.execute(delete(ReachQuestion).where(ReachQuestion.key.in_(current - keys)))
    for key in sorted(keys - current):
        db.session.add(ReachQuestion(key=key))
    db.session.flush()


# -- places ------------------------------------------------------------------------

def places():
    return db.session.scalars(select(ReachPlace).order_by(ReachPlace.name)).all()


def add_place(name):
    taken = db.session.scalar(select(ReachPlace.id).where(
        db.func.lower(ReachPlace.name) == name.lower()))
    if taken is not None:
        raise ReachError(_("“%(name)s” is listed already.", name=name), "name")
    place = ReachPlace(name=name)
    db.session.add(place)
    db.session.flush()
    return place


def remove_place(place):
    """A place nobody has chosen goes (with its reference shares); one in use stays."""
    used = any(db.session.scalar(select(model.id).where(model.place_id == place.id).limit(1))
               is not None for model in (ReachAnswer, AssistedReachAnswer))
    if used:
        raise ReachError(_("People have chosen “%(name)s”, so it stays on the list.",
                           name=place.name))
    db.session.delete(place)
    db.session.flush()


# -- answers -----------------------------------------------------------------------

def answers_of(user):
    """{(question, service_area_id): (value, place_id)} of one person, for their own form."""
    rows = db.session.execute(select(ReachAnswer).where(ReachAnswer.user_id == user.id)).scalars()
    return {(row.question, row.service_area_id): (row.value, row.place_id) for row in rows}


def _check(question, area_id, value, place_id):
    if question not in QUESTIONS or (question == SERVICE_USE) != (area_id is not None):
        raise ReachError(_("That question is not asked."))
    if value == PLACE:
        if question != PLACE_QUESTION or place_id is None or \
                db.session.get(ReachPlace, place_id) is None:
            raise ReachError(_("Choose one of the places listed."))
    elif value != PREFER_NOT and value not in GROUPS[question]:
        raise ReachError(_("Choose one of the answers listed."))


def save_answers(user, answers):
    """Replace the person's answers to the questions asked: `answers` maps
    (question, service_area_id) to (value, place_id), or to None for no
    answer (which removes one given before). Answers to questions no longer
    asked are left as they were."""
    _save(ReachAnswer, "user_id", user.id, answers, _(
        "Your answers were being saved from another window. "
        "Look at them below and save again."))


def save_resident_answers(resident, answers):
    """The same for an assisted resident, as a connector records them with
    the resident there (codesign/assist)."""
    _save(AssistedReachAnswer, "resident_id", resident.id, answers, _(
        "The resident's answers were being saved from another window. Save them again."))


def resident_answered(resident):
    """Whether any answer is held for an assisted resident (never which)."""
    return db.session.scalar(select(AssistedReachAnswer.id).where(
        AssistedReachAnswer.resident_id == resident.id).limit(1)) is not None


def _save(model, owner_column, owner_id, answers, busy_message):
    owner = getattr(model, owner_column)
    existing = {(row.question, row.service_area_id): row for row in db.session.scalars(
        select(model).where(owner == owner_id))}
    now = utcnow()
    for (question, area_id), answer in answers.items():
        row = existing.get((question, area_id))
        if answer is None:
            if row is not None:
                db.session.delete(row)
            continue
        value, place_id = answer
        _check(question, area_id, value, place_id)
        place_id = place_id if value == PLACE else None
        if row is None:
            db.session.add(model(**{owner_column: owner_id}, question=question,
                                 service_area_id=area_id, value=value,
                                 place_id=place_id, answered_at=now))
        elif (row.value, row.place_id) != (value, place_id):
            row.value, row.place_id, row.answered_at = value, place_id, now
    try:
        db.session.flush()
    except IntegrityError:  # the same form sent twice at once: the unique indexes hold
        raise ReachError(busy_message) from None


# -- the reference population ---------------------------------------------------------

def reference_for(question, area):
    return db.session.scalar(select(ReachReference).where(
        ReachReference.question == question,
        ReachReference.service_area_id == area.id if area is not None
        else ReachReference.service_area_id.is_(None)))


def reference_groups(question):
    """[(value, place_id)] of the groups a question's reference has a share for."""
    if question == PLACE_QUESTION:
        return [(PLACE, place.id) for place in places()]
    return [(value, None) for value in GROUPS[question]]


def save_reference(question, area, shares, source, year):
    """Set the reference population of a question (site-wide when `area` is
    None): `shares` maps (value, place_id) to a percentage or None (no
    figure). Shares add up to at most 100 (the rest is unknown)."""
    if question not in QUESTIONS:
        raise ReachError(_("That question is not asked."))
    if question == SERVICE_USE and area is None:
        raise ReachError(_("Use of a service has a reference population per service area."))
    if area is not None and db.session.get(ServiceArea, area.id) is None:
        raise ReachError(_("Choose one of the service areas."))
    given = {group: Decimal(str(share)) for group, share in shares.items() if share is not None}
    if any(not 0 <= share <= 100 for share in given.values()):
        raise ReachError(_("Each share is a percentage from 0 to 100."))
    if sum(given.values(), Decimal(0)) > 100:
        raise ReachError(_("The shares add up to more than 100 per cent."), "shares")
    if not given:
        raise ReachError(_("Enter the share of at least one group."), "shares")
    reference = reference_for(question, area)
    if reference is None:
        reference = ReachReference(question=question,
                                   service_area_id=area.id if area is not None else None,
                                   source=source, year=year)
        db.session.add(reference)
    reference.source, reference.year, reference.updated_at = source, year, utcnow()
    reference.shares.clear()
    db.session.flush()
    for (value, place_id), share in given.items():
        reference.shares.append(ReachReferenceShare(value=value, place_id=place_id, share=share))
    db.session.flush()
    return reference


def remove_reference(reference):
    db.session.delete(reference)
    db.session.flush()


def references():
    """Every reference set, site-wide ones first, then by service area and question."""
    return db.session.scalars(select(ReachReference).outerjoin(ServiceArea).order_by(
        ReachReference.service_area_id.isnot(None), ServiceArea.name,
        ReachReference.question)).all()
