"""Reading notifications. One rule decides which ones a person sees: none
about an idea or comment that is hidden (except the word to its author that
it was hidden, restored or appealed), and none that lead only to a draft
proposal. The list, the unread count and the emails all use it."""
from sqlalchemy import and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import aliased, joinedload, lazyload, selectinload

from ..extensions import db
from ..models import Comment, Follow, Idea, Notification, NotificationKind, Proposal, ProposalStatus
from ..pagination import MAX_PAGE, Page

PER_PAGE = 20

# Sent only to the author of the item, who may see it while it is hidden.
ABOUT_AUTHORS_OWN_ITEM = tuple(kind.value for kind in (
    NotificationKind.CONTENT_HIDDEN, NotificationKind.CONTENT_RESTORED,
    NotificationKind.APPEAL_DECIDED,
))


# Made once: an alias builds a proxy of every column of its table the first
# time it is used, which cost several milliseconds a page when made per call.
_IDEA, _COMMENT, _PROPOSAL = aliased(Idea), aliased(Comment), aliased(Proposal)


# Whether the person (:user_id) follows the idea (:subject_id): a fact of
# the idea page (codesign/panels.py), asked with the idea's own row.
FOLLOWS_IDEA = exists().where(
    Follow.idea_id == bindparam("subject_id"), Follow.user_id == bindparam("user_id")
).correlate(None).label("follow_following")


# Whether the person (:user_id) follows the proposal (:subject_id): a fact
# of the proposal page, asked with the proposal's own row.
FOLLOWS_PROPOSAL = exists().where(
    Follow.proposal_id == bindparam("subject_id"), Follow.user_id == bindparam("user_id")
).correlate(None).label("follow_following_proposal")


def visible(statement):
    """The statement, restricted to notifications whose subject may be shown."""
    idea, comment, proposal = _IDEA, _COMMENT, _PROPOSAL
    return (
        statement
        .outerjoin(idea, idea.id == Notification.idea_id)
        .outerjoin(comment, comment.id == Notification.comment_id)
        .outerjoin(proposal, proposal.id == Notification.proposal_id)
        .where(or_(
            Notification.kind.in_(ABOUT_AUTHORS_OWN_ITEM),
            and_(idea.hidden_at.is_(None), comment.hidden_at.is_(None),
                 comment.deleted_at.is_(None)),
        ))
        .where(or_(
            Notification.proposal_id.is_(None),
            Notification.idea_id.is_not(None),
            proposal.status != ProposalStatus.DRAFT.value,
        ))
    )


# In the header of every signed-in page: built once, its user bound per call.
_UNREAD = visible(
    select(func.count()).select_from(Notification)
    .where(Notification.user_id == bindparam("user_id"), Notification.read_at.is_(None)))


def unread_count(user):
    return db.session.scalar(_UNREAD, {"user_id": user.id})


_TOTAL = visible(
    select(func.count()).select_from(Notification)
    .where(Notification.user_id == bindparam("user_id")))

# What the sentences name (codesign/notifications/messages.py) comes with the
# page, each subject by its primary key and without its own eager joins: a
# sentence names none of their authors, areas or challenges. Joined with
# them, SQLite built the join of every idea with its area and author for
# each page. A comment's author is named: the comments come in a second
# statement, with their authors.
_PAGE = (
    visible(select(Notification).where(Notification.user_id == bindparam("user_id")))
    .order_by(Notification.created_at.desc(), Notification.id.desc())
    .offset(bindparam("offset")).limit(bindparam("limit"))
    .options(joinedload(Notification.idea).options(
                 lazyload("*"), selectinload(Idea.duplicate_of).lazyload("*")),
             joinedload(Notification.proposal).lazyload("*"),
             joinedload(Notification.pilot).lazyload("*"),
             selectinload(Notification.comment))
)


def page_for(user, number):
    number = min(max(number, 1), MAX_PAGE)
    total = db.session.scalar(_TOTAL, {"user_id": user.id})
    rows = db.session.scalars(_PAGE, {"user_id": user.id, "offset": (number - 1) * PER_PAGE,
                                      "limit": PER_PAGE + 1}).all()
    return Page(items=rows[:PER_PAGE], number=number, per_page=PER_PAGE,
                has_next=len(rows) > PER_PAGE, total=total)


def get_for_user(user, notification_id):
    """The user's own notification, if it may be shown; else None."""
    return db.session.scalars(visible(
        select(Notification).where(Notification.id == notification_id,
                                   Notification.user_id == user.id)
    )).unique().first()


def visible_ids(ids):
    if not ids:
        return set()
    return set(db.session.scalars(visible(
        select(Notification.id).where(Notification.id.in_(list(ids)))
    )))


def pending_ids(user_id):
    """The user's notifications not yet emailed nor passed over."""
    return set(db.session.scalars(
        select(Notification.id).where(Notification.user_id == user_id,
                                      Notification.emailed_at.is_(None))
    ))
