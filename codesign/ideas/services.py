"""The rules for ideas and supports. Functions take models and values, flush,
and never commit: the route commits once. Counters on the idea change in the
same transaction as the rows they count, with SQL arithmetic so concurrent
requests cannot lose an update."""
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Integer, bindparam, case, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm.attributes import set_committed_value

from ..clock import utcnow
from ..comments.services import on_posted as on_comment_posted
from ..database import insert_unless_exists
from ..exceptions import DomainError
from ..extensions import db
from ..models import Comment, Follow, Idea, IdeaStatus, Support
from ..notifications.services import follow
from ..sanitise import render_markdown


def _check_challenge(challenge, current=None):
    if challenge is not None and challenge != current and not challenge.is_open:
        raise DomainError(_("That challenge is closed to new ideas."), field="challenge")


def submit_idea(author, title, description, service_area, challenge=None, place=None,
                language="en"):
    _check_challenge(challenge)
    now = utcnow()
    idea = Idea(
        title=title,
        description=description,
        description_html=render_markdown(description),
        service_area=service_area,
        challenge=challenge,
        place=place or None,
        language=language,
        author=author,
        status=IdeaStatus.PUBLISHED.value,
        created_at=now,
        updated_at=now,
    )
    db.session.add(idea)
    db.session.flush()
    follow(author, idea=idea)
    return idea


def why_not_editable(idea):
    """Why the author can no longer edit the idea, or None if they can: a
    status, a merge, a promotion or another person's response refers to the
    text as it stands."""
    if idea.withdrawn_at is not None:
        return _("This idea is withdrawn, so it can no longer be edited.")
    if idea.hidden_at is not None:
        return _("This idea is hidden, so it cannot be edited.")
    if (idea.status != IdeaStatus.PUBLISHED.value or idea.duplicate_of_id is not None
            or idea.proposal_id is not None):
        return _("Staff have answered this idea, so it can no longer be edited.")
    if idea.engaged_at is not None:
        return _("Others have responded to this idea, so it can no longer be edited.")
    return None


def edit_idea(idea, title, description, service_area, challenge=None, place=None,
              language=None):
    too_late = why_not_editable(idea)
    if too_late:
        raise DomainError(too_late)
    _check_challenge(challenge, current=idea.challenge)
    idea.title = title
    idea.description = description
    idea.description_html = render_markdown(description)
    idea.service_area = service_area
    idea.challenge = challenge
    idea.place = place or None
    if language:
        idea.language = language
    idea.updated_at = utcnow()
    db.session.flush()
    return idea


def withdraw_idea(idea):
    if idea.withdrawn_at is not None:
        raise DomainError(_("This idea is already withdrawn."))
    idea.withdrawn_at = utcnow()
    db.session.flush()
    return idea


def mark_engaged(idea_id, actor_id, author_id):
    if actor_id != author_id:
        db.session.execute(
            update(Idea)
            .where(Idea.id == idea_id, Idea.engaged_at.is_(None))
            .values(engaged_at=utcnow())
            .execution_options(synchronize_session=False)
        )


@on_comment_posted(Idea)
def _engaged_by_comment(author, idea):
    # Once someone else has responded, the author can no longer edit the idea.
    mark_engaged(idea.id, author.id, idea.author_id)
    db.session.expire(idea, ["engaged_at"])


def bump_counter(idea_id, column, by):
    db.session.execute(
        update(Idea)
        .where(Idea.id == idea_id)
        .values({column: getattr(Idea, column) + by})
        .execution_options(synchronize_session=False)
    )


def mark_ready_for_review(idea_id, threshold=None):
    """Stamp the moment the supports first reach the review threshold; later
    ups and downs leave the stamp alone, so the staff queue keeps its order."""
    if threshold is None:
        threshold = current_app.config["IDEA_REVIEW_THRESHOLD"]
    db.session.execute(
        update(Idea)
        .where(Idea.id == idea_id, Idea.ready_for_review_at.is_(None),
               Idea.support_count >= threshold)
        .values(ready_for_review_at=utcnow())
        .execution_options(synchronize_session=False)
    )


# A support is the busiest write on the site, so its statements are built once
# and run on the tables (Core), not through the ORM's bulk machinery: the same
# SQL for a fraction of the Python. Only the values change from one to the next.
_idea, _support = Idea.__table__, Support.__table__
_now = bindparam("now", type_=_idea.c.engaged_at.type)

# Every change a support makes to the idea's row, in one statement: the count;
# the moment the supports first reach the review threshold (later ups and downs
# leave it, so the staff queue keeps its order); and the moment someone other
# than the author first responded (from then on the author cannot edit).
_COUNT_SUPPORT = (
    update(_idea)
    .where(_idea.c.id == bindparam("idea_id"))
    .values(
        support_count=_idea.c.support_count + 1,
        ready_for_review_at=case(
            (_idea.c.ready_for_review_at.is_(None)
             & (_idea.c.support_count + 1 >= bindparam("threshold")), _now),
            else_=_idea.c.ready_for_review_at,
        ),
        engaged_at=case(
            (_idea.c.engaged_at.is_(None) & (_idea.c.author_id != bindparam("actor_id")), _now),
            else_=_idea.c.engaged_at,
        ),
    )
    .returning(_idea.c.support_count, _idea.c.ready_for_review_at, _idea.c.engaged_at,
               _idea.c.duplicate_of_id)
)
_UNCOUNT_SUPPORT = (
    update(_idea)
    .where(_idea.c.id == bindparam("idea_id"))
    .values(support_count=_idea.c.support_count - 1)
    .returning(_idea.c.support_count, _idea.c.duplicate_of_id)
)
_SUPPORT_COUNT = select(_idea.c.support_count).where(_idea.c.id == bindparam("idea_id"))

# On PostgreSQL a new support is one statement, not three: the support row,
# the same follow row as notifications' follow() adds, and the count, each
# only if the support row was new (a support already there changes nothing
# here, and the service then goes on as below). The UPDATE is the statement
# itself, not a CTE, so whatever watches for writes (the page cache) sees one.
# SQLite cannot write inside a WITH, and there the statements cost no round trip.
_user_id = bindparam("user_id", type_=Integer)
_added = (
    pg_insert(_support)
    .values(user_id=_user_id, idea_id=bindparam("idea_id", type_=Integer), created_at=_now)
    .on_conflict_do_nothing(index_elements=["user_id", "idea_id"])
    .returning(_support.c.idea_id)
    .cte("added")
)
_follow = Follow.__table__
# The same, for an idea that plainly takes support (shown, not withdrawn, not
# merged: what the support route and add_support check), read in the statement
# itself, so the common support does not load the idea first.
_added_if_open = (
    pg_insert(_support)
    .from_select(["user_id", "idea_id", "created_at"],
                 select(_user_id, _idea.c.id, _now).where(
                     _idea.c.id == bindparam("idea_id"), _idea.c.hidden_at.is_(None),
                     _idea.c.withdrawn_at.is_(None), _idea.c.duplicate_of_id.is_(None)))
    .on_conflict_do_nothing(index_elements=["user_id", "idea_id"])
    .returning(_support.c.idea_id)
    .cte("added")
)


def _count_if_added(added):
    followed = (
        pg_insert(_follow)
        .from_select(["user_id", "idea_id", "created_at"],
                     select(_user_id, added.c.idea_id, _now))
        .on_conflict_do_nothing(index_elements=["user_id", "idea_id"])
        .cte("followed")
    )
    return _COUNT_SUPPORT.where(select(added.c.idea_id).exists()).add_cte(added).add_cte(followed)


_ADD_AND_COUNT_SUPPORT = _count_if_added(_added)
_ADD_AND_COUNT_OPEN_SUPPORT = _count_if_added(_added_if_open)
_DELETE_SUPPORT = delete(_support).where(
    _support.c.user_id == bindparam("user_id"), _support.c.idea_id == bindparam("idea_id"))


def _keep(idea, row):
    """Give the idea in the session the values the database just returned, so
    nobody reads them again (after the commit, least of all)."""
    for name, value in row._mapping.items():
        set_committed_value(idea, name, value)


def count_support(idea, actor_id, now):
    """Count a support just added (online or in person) on the idea's row."""
    _keep(idea, db.session.execute(_COUNT_SUPPORT, {
        "idea_id": idea.id, "actor_id": actor_id, "now": now,
        "threshold": current_app.config["IDEA_REVIEW_THRESHOLD"],
    }).one())


def add_support(user, idea):
    """Support an idea; doing it again changes nothing. True if a support was added.

    Afterwards ``idea.support_count`` (and the stamps) hold what the database has
    in this transaction, with no query to read them back."""
    if idea.withdrawn_at is not None:
        raise DomainError(_("This idea was withdrawn by its author and cannot be supported."))
    if idea.duplicate_of_id is not None:
        raise DomainError(_("This idea is a duplicate of another idea. Support that one instead."))
    now = utcnow()
    if db.session.get_bind().dialect.name == "postgresql":
        return _add_support_in_one_statement(user, idea, now)
    added = insert_unless_exists(
        db.session, Support, {"user_id": user.id, "idea_id": idea.id, "created_at": now},
        ("user_id", "idea_id"),
    ) is not None
    if added:
        count_support(idea, user.id, now)
        # The UPDATE waited for a merge holding the idea's row, and returns the
        # row as that merge left it: a merge that carried supports without this
        # one must not leave it behind on the duplicate (the route rolls back).
        if idea.duplicate_of_id is not None:
            raise DomainError(_("This idea was just marked a duplicate of another idea. "
                                "Support that one instead."))
        follow(user, idea=idea)
    else:
        _keep_own_support(user, idea)
    return added


def _add_support_in_one_statement(user, idea, now):
    """add_support on PostgreSQL, with the same outcomes."""
    if db.session.autoflush:
        db.session.flush()  # as insert_unless_exists does, so rows it refers to exist
    row = db.session.execute(_ADD_AND_COUNT_SUPPORT, {
        "user_id": user.id, "idea_id": idea.id, "actor_id": user.id, "now": now,
        "threshold": current_app.config["IDEA_REVIEW_THRESHOLD"],
    }).one_or_none()
    if row is None:  # supported already
        _keep_own_support(user, idea)
        return False
    _keep(idea, row)
    if idea.duplicate_of_id is not None:  # see add_support
        raise DomainError(_("This idea was just marked a duplicate of another idea. "
                            "Support that one instead."))
    return True


def support_at_once(user, idea_id):
    """On PostgreSQL, a new support of an idea that plainly takes one, in one
    statement with the idea unread: its support count afterwards. None when
    nothing was added (no such idea, hidden, withdrawn, merged, supported
    already, or SQLite): then load the idea and call add_support, which says why.
    Raises DomainError as add_support does for a merge that finished meanwhile."""
    if db.session.get_bind().dialect.name != "postgresql":
        return None
    if db.session.autoflush:
        db.session.flush()
    row = db.session.execute(_ADD_AND_COUNT_OPEN_SUPPORT, {
        "user_id": user.id, "idea_id": idea_id, "actor_id": user.id, "now": utcnow(),
        "threshold": current_app.config["IDEA_REVIEW_THRESHOLD"],
    }).one_or_none()
    if row is None:
        return None
    if row.duplicate_of_id is not None:  # see add_support
        raise DomainError(_("This idea was just marked a duplicate of another idea. "
                            "Support that one instead."))
    return row.support_count


def _keep_own_support(user, idea):
    # A support carried over from a merged duplicate becomes the user's
    # own, so unmerging the duplicate no longer takes it away.
    db.session.execute(
        update(Support)
        .where(Support.user_id == user.id, Support.idea_id == idea.id,
               Support.via_idea_id.is_not(None))
        .values(via_idea_id=None)
        .execution_options(synchronize_session=False)
    )
    _keep(idea, db.session.execute(_SUPPORT_COUNT, {"idea_id": idea.id}).one())


def remove_support(user, idea):
    """Take a support back; True if there was one. On a duplicate, the support
    it carried to the idea it was merged into goes too. Afterwards
    ``idea.support_count`` holds the database's count, as after add_support."""
    db.session.flush()
    removed = db.session.execute(
        _DELETE_SUPPORT, {"user_id": user.id, "idea_id": idea.id}).rowcount == 1
    if not removed:
        _keep(idea, db.session.execute(_SUPPORT_COUNT, {"idea_id": idea.id}).one())
        return False
    # duplicate_of_id as the database has it once the idea's row is ours: a
    # merge that finished meanwhile carried this support over, so it goes too.
    _keep(idea, db.session.execute(_UNCOUNT_SUPPORT, {"idea_id": idea.id}).one())
    if idea.duplicate_of_id is not None:
        carried = db.session.execute(
            delete(Support)
            .where(Support.user_id == user.id, Support.idea_id == idea.duplicate_of_id,
                   Support.via_idea_id == idea.id)
            .execution_options(synchronize_session=False)
        )
        if carried.rowcount:
            bump_counter(idea.duplicate_of_id, "support_count", -carried.rowcount)
    return True


def recount(idea):
    """The counts from the rows (used by tests and repair)."""
    supports = db.session.scalar(
        db.select(func.count()).select_from(Support).where(Support.idea_id == idea.id)
    )
    comments = db.session.scalar(
        db.select(func.count()).select_from(Comment).where(
            Comment.idea_id == idea.id, Comment.deleted_at.is_(None), Comment.hidden_at.is_(None)
        )
    )
    return supports, comments
