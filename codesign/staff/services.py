"""Staff answering ideas: status changes with an official response, and
merging duplicates. Functions take models and values, flush and never
commit; a change that does not apply raises DomainError and leaves no trace.

Each function first locks the rows it changes and reloads them, so a
replayed form or a colleague's change made a moment ago is judged on the
state as it is now, not as the page showed it."""
from flask_babel import gettext as _
from sqlalchemy import Integer, delete, func, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .. import signals
from ..clock import utcnow
from ..exceptions import DomainError
from ..extensions import db
from ..ideas.services import bump_counter, mark_ready_for_review
from ..models import Idea, IdeaStatus, IdeaStatusChange, NotificationKind, Support
from ..notifications.services import follower_ids, notify
from ..sanitise import render_markdown

S = IdeaStatus
# Where staff may move an idea with the status form. An outcome can be
# reopened for review if staff think again. "promoted" is reached only by
# promoting the idea to a proposal (whose own status then takes over), and
# "duplicate" only by merging (left only by unmerging).
#
#   published         -> under_review, not_taken_forward, already_planned
#   under_review      -> not_taken_forward, already_planned
#   not_taken_forward -> under_review
#   already_planned   -> under_review
#   promoted, duplicate -> (nothing here)
TRANSITIONS = {
    S.PUBLISHED.value: (S.UNDER_REVIEW.value, S.NOT_TAKEN_FORWARD.value, S.ALREADY_PLANNED.value),
    S.UNDER_REVIEW.value: (S.NOT_TAKEN_FORWARD.value, S.ALREADY_PLANNED.value),
    S.NOT_TAKEN_FORWARD.value: (S.UNDER_REVIEW.value,),
    S.ALREADY_PLANNED.value: (S.UNDER_REVIEW.value,),
}


def allowed_statuses(idea):
    """The statuses the status form offers for this idea, in order."""
    if idea.duplicate_of_id is not None:
        return ()
    return TRANSITIONS.get(idea.status, ())


def _lock(*ideas):
    """Lock the ideas' rows (in id order, so two requests cannot deadlock) and
    reload them. SQLite has no row locks; its writers already queue at BEGIN."""
    ids = sorted({idea.id for idea in ideas})
    db.session.execute(select(Idea.id).where(Idea.id.in_(ids)).order_by(Idea.id).with_for_update())
    db.session.scalars(
        select(Idea).where(Idea.id.in_(ids)).execution_options(populate_existing=True)
    ).all()


def _audience(idea):
    """The author, the supporters and the followers. Authors and supporters
    follow by themselves, but the promise is that they hear how their idea
    was answered even if they stopped following it."""
    supporters = db.session.scalars(select(Support.user_id).where(
        Support.idea_id == idea.id, Support.user_id.is_not(None)))
    return follower_ids(idea=idea) | set(supporters) | {idea.author_id}


def _record(idea, to_status, response, staff, kind=NotificationKind.IDEA_STATUS):
    change = IdeaStatusChange(
        idea_id=idea.id, from_status=idea.status, to_status=to_status,
        response=response, response_html=render_markdown(response), author_id=staff.id,
        created_at=utcnow(),
    )
    db.session.add(change)
    idea.status = to_status
    db.session.flush()
    notify(_audience(idea), kind, idea=idea, detail=response, actor=staff)
    signals.idea_news.send(idea, kind=kind, detail=response)
    return change


def change_status(idea, to_status, response, staff):
    """Move an idea to a new status with staff's public response."""
    _lock(idea)
    if idea.hidden_at is not None:
        raise DomainError(_("This idea is hidden, so its status cannot change."))
    if idea.status == to_status:
        raise DomainError(_("The idea already has this status."), field="status")
    if not allowed_statuses(idea):
        raise DomainError(_("This idea's status cannot be changed here: a duplicate is changed "
                            "by unmerging it, and a promoted idea follows its proposal."))
    if to_status not in allowed_statuses(idea):
        raise DomainError(_("An idea with its current status cannot be moved to that status."),
                          field="status")
    return _record(idea, to_status, response, staff)


def _check_merge(duplicate, target):
    if duplicate.duplicate_of_id is not None:
        raise DomainError(_("This idea is already marked a duplicate."))
    if duplicate.hidden_at is not None:
        raise DomainError(_("This idea is hidden, so it cannot be merged."))
    if duplicate.status == S.PROMOTED.value:
        raise DomainError(_("This idea became a proposal, so it cannot be merged."))
    if target is None:
        raise DomainError(_("There is no idea with that number."), field="target")
    if target.id == duplicate.id:
        raise DomainError(_("An idea cannot be a duplicate of itself."), field="target")
    if target.hidden_at is not None:
        raise DomainError(_("That idea is hidden. Choose a visible idea."), field="target")
    if target.withdrawn_at is not None:
        raise DomainError(_("That idea was withdrawn by its author. Choose another idea."),
                          field="target")
    if target.duplicate_of_id == duplicate.id:
        raise DomainError(_("That idea is already marked a duplicate of this one."),
                          field="target")
    if target.duplicate_of_id is not None:
        raise DomainError(
            _("That idea is itself a duplicate of idea %(num)d. Choose that one instead.",
              num=target.duplicate_of_id), field="target")
    has_duplicates = db.session.scalar(
        select(func.count()).select_from(Idea).where(Idea.duplicate_of_id == duplicate.id))
    if has_duplicates:
        raise DomainError(_("Other ideas are merged into this one, and a duplicate cannot have "
                            "duplicates. Unmerge them first."))


def _carry(target_id, via_ids, column, only):
    """Carry the supports of one kind (`column`: user_id, or
    assisted_resident_id for supports given in person) from the duplicates
    to the target, one row per supporter; the unique constraint of that kind
    ((user_id, idea_id), or (idea_id, assisted_resident_id): one in-person
    support per normalised name and postcode district per idea) holds on the
    target. Returns how many were added."""
    name = column.key
    per_person = (
        select(column, func.min(Support.idea_id).label("via"),
               func.min(Support.created_at).label("at"))
        .where(Support.idea_id.in_(via_ids), column.is_not(None))
        .group_by(column)
    )
    if only is not None:
        per_person = per_person.where(column.in_(only))
    per_person = per_person.subquery()
    rows = (
        select(per_person.c[name], literal(target_id, Integer), per_person.c.via,
               per_person.c.at)
        .where(~select(Support.id).where(Support.idea_id == target_id,
                                      column == per_person.c[name]).exists())
    )
    dialect_insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" \
        else sqlite_insert
    statement = (
        dialect_insert(Support)
        .from_select([name, "idea_id", "via_idea_id", "created_at"], rows)
        .on_conflict_do_nothing(index_elements=sorted([name, "idea_id"]))
        .returning(Support.id)
    )
    return len(db.session.execute(statement).all())


def _carry_supports(target_id, via_ids, only_users=None, only_residents=None):
    """Give the target a support, marked as carried, from each supporter of
    the given duplicates who has none on it yet: people with an account, and
    residents whose support a connector entered in person. One row per
    person however many of the duplicates they supported. `only_users` and
    `only_residents`, when given, limit it to those people. Returns how many
    were added."""
    users = 0 if only_users == [] else _carry(target_id, via_ids, Support.user_id, only_users)
    residents = 0 if only_residents == [] else _carry(
        target_id, via_ids, Support.assisted_resident_id, only_residents)
    if users + residents:
        bump_counter(target_id, "support_count", users + residents)
    if residents:
        bump_counter(target_id, "in_person_support_count", residents)
    return users + residents


def merge_idea(duplicate, target, response, staff):
    """Mark ``duplicate`` a duplicate of ``target``: its supporters, online
    and in person, count for the target (nobody twice), it keeps its own
    supports and comments."""
    _lock(duplicate, *([target] if target is not None else []))
    _check_merge(duplicate, target)
    duplicate.duplicate_of_id = target.id
    change = _record(duplicate, S.DUPLICATE.value, response, staff,
                     kind=NotificationKind.IDEA_MERGED)
    _carry_supports(target.id, [duplicate.id])
    mark_ready_for_review(target.id)
    db.session.flush()
    db.session.expire(target, ["support_count", "in_person_support_count",
                               "ready_for_review_at"])
    return change


def unmerge_idea(duplicate, response, staff):
    """Undo a merge: the target loses exactly the supports this duplicate
    carried, and the duplicate returns to the status it had before."""
    target_id = db.session.scalar(select(Idea.duplicate_of_id).where(Idea.id == duplicate.id))
    target = db.session.get(Idea, target_id) if target_id is not None else None
    _lock(duplicate, *([target] if target is not None else []))
    if target is None or duplicate.duplicate_of_id != target_id:
        raise DomainError(_("This idea is not marked a duplicate."))
    lost = db.session.execute(
        delete(Support)
        .where(Support.idea_id == target_id, Support.via_idea_id == duplicate.id)
        .returning(Support.user_id, Support.assisted_resident_id)
        .execution_options(synchronize_session=False)
    ).all()
    if lost:
        lost_users = [user_id for user_id, _resident in lost if user_id is not None]
        lost_residents = [resident for _user, resident in lost if resident is not None]
        bump_counter(target_id, "support_count", -len(lost))
        if lost_residents:
            bump_counter(target_id, "in_person_support_count", -len(lost_residents))
        others = db.session.scalars(
            select(Idea.id).where(Idea.duplicate_of_id == target_id, Idea.id != duplicate.id)
        ).all()
        if others:
            # Someone who also supported another duplicate still counts, once.
            _carry_supports(target_id, others, only_users=lost_users,
                            only_residents=lost_residents)
    previous = db.session.scalar(
        select(IdeaStatusChange.from_status)
        .where(IdeaStatusChange.idea_id == duplicate.id,
               IdeaStatusChange.to_status == S.DUPLICATE.value)
        .order_by(IdeaStatusChange.created_at.desc(), IdeaStatusChange.id.desc())
        .limit(1)
    ) or S.PUBLISHED.value
    duplicate.duplicate_of_id = None
    change = _record(duplicate, previous, response, staff)
    db.session.flush()
    db.session.expire(target, ["support_count", "in_person_support_count"])
    return change
