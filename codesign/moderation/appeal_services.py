"""An author's one appeal against the hiding of their idea or comment, and a
different moderator's decision on it."""
import enum

from flask_babel import gettext as _
from sqlalchemy import select

from ..clock import utcnow
from ..database import insert_unless_exists
from ..exceptions import DomainError
from ..extensions import db
from ..models import Appeal, Comment, Idea, ModerationAction, ModerationActionKind, NotificationKind
from .services import lock, log, resolve_reports, set_shown, target_filter, target_of, tell_author


class Outcome(str, enum.Enum):
    """What the deciding moderator chose. The log speaks of the appeal
    (upheld: the author was right), the Appeal row of the item (restored, or
    the hiding upheld)."""

    RESTORE = "restore"
    UPHOLD = "uphold"


def hidden_by_id(item):
    """The moderator whose hiding stands, or None if reports hid it."""
    action = db.session.scalar(
        select(ModerationAction)
        .where(target_filter(ModerationAction, item),
               ModerationAction.action.in_([ModerationActionKind.HIDE.value,
                                            ModerationActionKind.AUTO_HIDE.value]))
        .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
        .limit(1)
    )
    return action.actor_id if action is not None else None


def appeal_for(item):
    return db.session.scalar(select(Appeal).where(target_filter(Appeal, item)))


def appeal_item(appeal):
    if appeal.idea_id is not None:
        return db.session.get(Idea, appeal.idea_id)
    return db.session.get(Comment, appeal.comment_id)


def submit_appeal(author, item, text):
    lock(item)
    if item.hidden_at is None:
        raise DomainError(_("This is not hidden, so there is nothing to appeal against."))
    column = next(iter(target_of(item)))
    appeal_id = insert_unless_exists(
        db.session, Appeal,
        {"author_id": author.id, "text": text, "created_at": utcnow(),
         "hidden_by_id": hidden_by_id(item), **target_of(item)},
        (column,),
    )
    if appeal_id is None:
        raise DomainError(_("You have already appealed against this. Each item can be appealed once."))
    log(author, ModerationActionKind.APPEAL, item, note=text)
    return db.session.get(Appeal, appeal_id)


def decide_appeal(actor, appeal, outcome, note):
    lock(appeal)
    if appeal.decided_at is not None:
        raise DomainError(_("This appeal has already been decided."))
    if actor.id in (appeal.author_id, appeal.hidden_by_id):
        raise DomainError(_("You hid or wrote this, so another moderator must decide the appeal."))
    item = lock(appeal_item(appeal))
    if Outcome(outcome) is Outcome.RESTORE:
        if item.hidden_at is not None:
            set_shown(item, actor, kind=None)
        appeal.outcome, action = "restored", ModerationActionKind.APPEAL_UPHELD
    else:
        if item.hidden_at is None:
            raise DomainError(_("This is shown again already, so its hiding cannot be upheld."))
        appeal.outcome, action = "upheld", ModerationActionKind.APPEAL_REJECTED
    appeal.decided_by_id = actor.id
    appeal.decided_at = utcnow()
    appeal.decision_note = note
    db.session.flush()
    resolve_reports(item)
    tell_author(item, NotificationKind.APPEAL_DECIDED, actor, detail=note)
    log(actor, action, item, note=note)
    return appeal
