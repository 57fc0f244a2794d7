"""Reading notifications. One rule decides which ones a person sees: none
about an idea or comment that is hidden (except the word to its author that
it was hidden, restored or appealed), and none that lead only to a draft
proposal. The list, the unread count and the emails all use it."""
from typing import NamedTuple

from sqlalchemy import and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import aliased, defaultload, load_only

from ..extensions import db
from ..models import (
    Comment,
    Follow,
    Idea,
    Notification,
    NotificationKind,
    Partner,
    PartnerMember,
    Pilot,
    Proposal,
    ProposalStatus,
    User,
)
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
class MergedInto(NamedTuple):
    title: str
    hidden_at: object


class IdeaShown(NamedTuple):
    id: int
    title: str
    status: str
    author_id: int
    hidden_at: object
    duplicate_of: MergedInto | None


class ProposalShown(NamedTuple):
    id: int
    title: str
    status: str


class PilotShown(NamedTuple):
    id: int
    title: str
    verdict: str | None


class Shown(NamedTuple):
    """A notification on the page, read as plain values with what its
    sentence (messages.describe) reads of its subjects, by the names the
    mapped objects have: twenty notifications with their ideas, proposals
    and pilots built as objects cost more than the rest of the page. Only
    the comment, whose author the sentence names with its badges, is one."""

    id: int
    kind: str
    idea_id: int | None
    proposal_id: int | None
    comment_id: int | None
    pilot_id: int | None
    detail: str
    detail_html: str
    created_at: object
    read_at: object
    idea: IdeaShown | None
    proposal: ProposalShown | None
    pilot: PilotShown | None
    comment: object


_MERGED_INTO = aliased(Idea)
_PAGE = (
    visible(select(
        Notification.id, Notification.kind, Notification.idea_id, Notification.proposal_id,
        Notification.comment_id, Notification.pilot_id, Notification.detail,
        Notification.detail_html, Notification.created_at, Notification.read_at,
        _IDEA.title, _IDEA.status, _IDEA.author_id, _IDEA.hidden_at, _IDEA.duplicate_of_id,
        _MERGED_INTO.title, _MERGED_INTO.hidden_at,
        _PROPOSAL.title, _PROPOSAL.status, Pilot.title, Pilot.verdict,
    ).select_from(Notification).where(Notification.user_id == bindparam("user_id")))
    .outerjoin(_MERGED_INTO, _MERGED_INTO.id == _IDEA.duplicate_of_id)
    .outerjoin(Pilot, Pilot.id == Notification.pilot_id)
    .order_by(Notification.created_at.desc(), Notification.id.desc())
    .offset(bindparam("offset")).limit(bindparam("limit"))
)

# A comment with what its sentence shows of it and of its author (what
# templates/_person.html shows of a person).
_COMMENTS = select(Comment).options(
    load_only(Comment.idea_id, Comment.proposal_id, Comment.author_id, Comment.hidden_at,
              Comment.deleted_at),
    defaultload(Comment.author).load_only(User.display_name, User.role, User.deleted_at)
    .defaultload(User.partner_membership).load_only(PartnerMember.partner_id)
    .defaultload(PartnerMember.partner).load_only(Partner.name, Partner.status))


def _shown(row, comments):
    (id_, kind, idea_id, proposal_id, comment_id, pilot_id, detail, detail_html, created_at,
     read_at, idea_title, idea_status, author_id, idea_hidden_at, merged_id, merged_title,
     merged_hidden_at, proposal_title, proposal_status, pilot_title, pilot_verdict) = row
    idea = None
    if idea_id is not None and idea_title is not None:
        merged = MergedInto(merged_title, merged_hidden_at) if merged_title is not None else None
        idea = IdeaShown(idea_id, idea_title, idea_status, author_id, idea_hidden_at, merged)
    proposal = (ProposalShown(proposal_id, proposal_title, proposal_status)
                if proposal_id is not None and proposal_title is not None else None)
    pilot = (PilotShown(pilot_id, pilot_title, pilot_verdict)
             if pilot_id is not None and pilot_title is not None else None)
    return Shown(id_, kind, idea_id, proposal_id, comment_id, pilot_id, detail, detail_html,
                 created_at, read_at, idea, proposal, pilot, comments.get(comment_id))


def page_for(user, number):
    """A page of the user's notifications, each a Shown."""
    number = min(max(number, 1), MAX_PAGE)
    total = db.session.scalar(_TOTAL, {"user_id": user.id})
    rows = db.session.execute(_PAGE, {"user_id": user.id, "offset": (number - 1) * PER_PAGE,
                                      "limit": PER_PAGE + 1}).all()
    comment_ids = {row.comment_id for row in rows[:PER_PAGE] if row.comment_id is not None}
    comments = {}
    if comment_ids:
        comments = {comment.id: comment for comment in db.session.scalars(
            _COMMENTS.where(Comment.id.in_(comment_ids)))}
    items = [_shown(row, comments) for row in rows[:PER_PAGE]]
    return Page(items=items, number=number, per_page=PER_PAGE,
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
