"""The rules of assisted participation. Functions take models and values,
flush and never commit (the route commits once); a refusal is a DomainError
naming the field it belongs beside."""
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..clock import utcnow
from ..comments.services import add_comment
from ..database import insert_unless_exists
from ..exceptions import DomainError
from ..extensions import db
from ..formtext import person_key
from ..ideas import services as idea_services
from ..models import AssistedEntry, AssistedResident, EntryKind, Support
from ..reach import services as reach_services


def find_resident(name, postcode_district):
    return db.session.scalar(select(AssistedResident).where(
        AssistedResident.name_key == person_key(name),
        AssistedResident.postcode_district == (postcode_district or "")))


def find_or_create_resident(connector, name, postcode_district="", email=None, phone=None,
                            locale=None):
    """The resident with this name and district, made if new; (resident, created).
    Contact details given now fill those missing, and only for the connector
    who first entered the resident: another could otherwise route someone's
    news to an address of their choosing."""
    resident = find_resident(name, postcode_district)
    if resident is None:
        resident = AssistedResident(
            name=name, name_key=person_key(name), postcode_district=postcode_district or "",
            contact_email=(email or "").lower() or None, contact_phone=phone or None,
            locale=locale or None, connector=connector, agreed_at=utcnow(), created_at=utcnow())
        try:
            with db.session.begin_nested():
                db.session.add(resident)
        except IntegrityError:
            # Another connector entered the same person a moment ago.
            resident = find_resident(name, postcode_district)
            if resident is None:
                raise
        else:
            return resident, True
    if resident.connector_id == connector.id:
        if email and not resident.contact_email:
            resident.contact_email = email.lower()
        if phone and not resident.contact_phone:
            resident.contact_phone = phone
        if locale and not resident.locale:
            resident.locale = locale
        db.session.flush()
    return resident, False


def _check_connector(connector):
    if connector.is_blocked:
        raise DomainError(_("Your account is blocked, so you cannot enter anything."))


def _entry(kind, connector, resident, idea, channel, place, comment=None):
    entry = AssistedEntry(kind=kind.value, resident=resident, connector=connector, idea=idea,
                          comment_id=comment.id if comment is not None else None,
                          channel=channel, place=place, agreed=True, created_at=utcnow())
    db.session.add(entry)
    db.session.flush()
    return entry


def enter_idea(connector, resident, channel, place, title, description, service_area,
               challenge=None, idea_place=None):
    """An idea the connector writes down for the resident: the connector is
    its author on the site, the resident's name is kept private."""
    _check_connector(connector)
    idea = idea_services.submit_idea(connector, title=title, description=description,
                                     service_area=service_area, challenge=challenge,
                                     place=idea_place)
    idea.assisted_place = place
    db.session.flush()
    _entry(EntryKind.IDEA, connector, resident, idea, channel, place)
    return idea


def enter_comment(connector, resident, channel, place, idea, body):
    _check_connector(connector)
    if idea.is_hidden:
        raise DomainError(_("That idea is hidden, so it cannot be commented on."), field="idea")
    try:
        comment = add_comment(connector, idea, body)
    except DomainError as error:
        raise DomainError(error.message, field="idea") from error
    comment.assisted_place = place
    db.session.flush()
    _entry(EntryKind.COMMENT, connector, resident, idea, channel, place, comment=comment)
    return comment


def enter_support(connector, resident, channel, place, idea):
    """A support given in person: one per resident per idea, whoever enters it."""
    _check_connector(connector)
    if idea.is_hidden:
        raise DomainError(_("That idea is hidden, so it cannot be supported."), field="idea")
    if idea.withdrawn_at is not None:
        raise DomainError(_("This idea was withdrawn by its author and cannot be supported."),
                          field="idea")
    if idea.duplicate_of_id is not None:
        raise DomainError(_("This idea is a duplicate of idea %(num)d. Support that one instead.",
                            num=idea.duplicate_of_id), field="idea")
    now = utcnow()
    refused = DomainError(_("This resident already supports this idea: each person's support "
                            "counts once, whoever entered it."), field="idea")
    try:
        with db.session.begin_nested():
            added = insert_unless_exists(
                db.session, Support,
                {"user_id": None, "assisted_resident_id": resident.id, "idea_id": idea.id,
                 "created_at": now},
                ("idea_id", "assisted_resident_id"))
    except IntegrityError as error:
        raise refused from error
    if added is None:
        # A support carried over from a duplicate merged into this idea
        # becomes the resident's own, so unmerging no longer takes it away;
        # it is still one support.
        made_own = db.session.execute(
            update(Support)
            .where(Support.assisted_resident_id == resident.id, Support.idea_id == idea.id,
                   Support.via_idea_id.is_not(None))
            .values(via_idea_id=None)
            .execution_options(synchronize_session=False)).rowcount
        if not made_own:
            raise refused
        _entry(EntryKind.SUPPORT, connector, resident, idea, channel, place)
        return idea
    idea_services.count_support(idea, connector.id, now)
    # The UPDATE waited for a merge holding the idea's row: a merge that
    # carried the supports without this one must not leave it on the duplicate.
    if idea.duplicate_of_id is not None:
        raise DomainError(_("This idea was just marked a duplicate of another idea. "
                            "Support that one instead."), field="idea")
    idea_services.bump_counter(idea.id, "in_person_support_count", 1)
    db.session.expire(idea, ["in_person_support_count"])
    _entry(EntryKind.SUPPORT, connector, resident, idea, channel, place)
    return idea


def record_answers(connector, resident, answers):
    """The resident's answers to the profile questions, as the connector
    records them with the resident there. They replace any recorded before
    (a question left unanswered removes its answer); nobody reads them back
    one person at a time, only the reach report's counts."""
    _check_connector(connector)
    reach_services.save_resident_answers(resident, answers)
