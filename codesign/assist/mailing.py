"""Email to the residents a connector entered something for, when they gave
an address: the same news about the idea as people with accounts get
(staff's answer, a merge, a promotion), in the resident's language, with
links at BASE_URL."""
from types import SimpleNamespace

from flask_babel import gettext as _
from sqlalchemy import select

from .. import mail, signals
from ..extensions import db
from ..labels import idea_status_label
from ..language import in_language_of
from ..models import AssistedEntry, AssistedResident, NotificationKind
from ..notifications.mailing import link_context


def residents_of(idea):
    """The residents with an email address who gave this idea, a comment on
    it or a support for it."""
    return db.session.scalars(
        select(AssistedResident)
        .where(AssistedResident.id.in_(
            select(AssistedEntry.resident_id).where(AssistedEntry.idea_id == idea.id)),
            AssistedResident.contact_email.is_not(None))
        .order_by(AssistedResident.id)
    ).all()


def _message(kind, idea):
    if kind == NotificationKind.IDEA_PROMOTED:
        return _("The idea ‘%(title)s’ was promoted to a proposal", title=idea.title)
    if kind == NotificationKind.IDEA_MERGED:
        return _("Staff marked the idea ‘%(title)s’ as a duplicate of another idea",
                 title=idea.title)
    return _("Staff answered the idea ‘%(title)s’: now %(status)s", title=idea.title,
             status=idea_status_label(idea.status))


def email_residents(idea, kind, detail=""):
    for resident in residents_of(idea):
        with link_context(), in_language_of(SimpleNamespace(locale=resident.locale)):
            message = _message(kind, idea)
            mail.queue(resident.contact_email, message[:200], "assisted_news",
                       message=message, detail=detail,
                       idea_url=mail.absolute_url("ideas.detail", idea_id=idea.id),
                       track_url=mail.absolute_url("assist.track",
                                                   reference=resident.reference))


def _on_idea_news(idea, kind=None, detail="", **_extra):
    email_residents(idea, kind, detail)


def init_app(app):
    signals.idea_news.connect(_on_idea_news)
