"""Notifications in words. A notification stores only its kind and what it is
about; the sentence is written here when it is read, in the reader's
language, and says "your idea" to the author and "that you follow" to others.
The result is plain text (templates escape it), or markup when asked for."""
from flask import get_template_attribute, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select
from werkzeug.routing import BuildError

from ..comments.views import comment_link
from ..extensions import db
from ..labels import idea_status_label, proposal_status_label
from ..mail import absolute_url
from ..models import Appeal, NotificationKind, Proposal, ProposalStatus

SUBJECT_MAX = 200


def _comment(notification):
    return notification.comment


def _appeal_outcome(notification):
    column, value = ((Appeal.comment_id, notification.comment_id) if notification.comment_id
                     else (Appeal.idea_id, notification.idea_id))
    if value is None:
        return None
    return db.session.scalar(select(Appeal.outcome).where(column == value))


def _subject_title(notification, comment):
    """The title of what the notification is about (an idea or a proposal)."""
    if notification.idea is not None:
        return notification.idea.title
    if notification.proposal is not None:
        return notification.proposal.title
    if comment is not None and comment.proposal_id is not None:
        proposal = db.session.get(Proposal, comment.proposal_id)
        return proposal.title if proposal is not None else ""
    return ""


def _idea_status(notification, reader, title):
    status = idea_status_label(notification.idea.status)
    if notification.idea.author_id == reader.id:
        return _("Staff answered your idea ‘%(title)s’: now %(status)s", title=title, status=status)
    return _("Staff answered the idea ‘%(title)s’ that you follow: now %(status)s",
             title=title, status=status)


def _idea_promoted(notification, reader, title):
    own = notification.idea is not None and notification.idea.author_id == reader.id
    # A draft's title is for staff only (older notifications were made at the draft stage).
    if notification.proposal is None or notification.proposal.status == ProposalStatus.DRAFT.value:
        if own:
            return _("Your idea ‘%(title)s’ was promoted to a proposal", title=title)
        return _("The idea ‘%(title)s’ that you follow was promoted to a proposal", title=title)
    proposal = notification.proposal.title
    if own:
        return _("Your idea ‘%(title)s’ became the proposal ‘%(proposal)s’",
                 title=title, proposal=proposal)
    return _("The idea ‘%(title)s’ that you follow became the proposal ‘%(proposal)s’",
             title=title, proposal=proposal)


def _idea_merged(notification, reader, title):
    original = notification.idea.duplicate_of
    if original is None or original.hidden_at is not None:
        other = _("another idea")
    else:
        other = "‘%s’" % original.title
    if notification.idea.author_id == reader.id:
        return _("Staff marked your idea ‘%(title)s’ as a duplicate of %(other)s",
                 title=title, other=other)
    return _("Staff marked the idea ‘%(title)s’ that you follow as a duplicate of %(other)s",
             title=title, other=other)


def _proposal_status(notification, reader, title):
    status = proposal_status_label(notification.proposal.status)
    return _("The proposal ‘%(title)s’ that you follow is now: %(status)s",
             title=title, status=status)


def _moderated(notification, title, comment):
    kind = notification.kind
    if kind == NotificationKind.CONTENT_HIDDEN.value:
        if comment is not None:
            return _("Your comment on ‘%(title)s’ was hidden", title=title)
        return _("Your idea ‘%(title)s’ was hidden", title=title)
    if kind == NotificationKind.CONTENT_RESTORED.value:
        if comment is not None:
            return _("Your comment on ‘%(title)s’ is shown again", title=title)
        return _("Your idea ‘%(title)s’ is shown again", title=title)
    outcome = _appeal_outcome(notification)
    if outcome == "restored":
        if comment is not None:
            return _("Your appeal was accepted: your comment on ‘%(title)s’ is shown again",
                     title=title)
        return _("Your appeal was accepted: your idea ‘%(title)s’ is shown again", title=title)
    if outcome == "upheld":
        if comment is not None:
            return _("Your appeal was turned down: your comment on ‘%(title)s’ stays hidden",
                     title=title)
        return _("Your appeal was turned down: your idea ‘%(title)s’ stays hidden", title=title)
    return _("A moderator decided your appeal about ‘%(title)s’", title=title)


def _new_comment(title, comment, html=False):
    if comment is not None and comment.is_visible:
        if html:  # the name with its role badge, as on the site's pages
            name = get_template_attribute("_person.html", "person_name")(comment.author)
            return (Markup(_("%(name)s commented on ‘%(title)s’, which you follow"))
                    % {"name": name, "title": title})
        return _("%(name)s commented on ‘%(title)s’, which you follow",
                 name=comment.author.display_name, title=title)
    return _("New comment on ‘%(title)s’, which you follow", title=title)


def _verdict_words(code):
    return {"worked": _("it worked"), "did_not_work": _("it did not work"),
            "too_early": _("too early to tell")}.get(code, code or "")


def _pilot(notification, reader, title):
    pilot = notification.pilot
    own = notification.idea is not None and notification.idea.author_id == reader.id
    if notification.kind == NotificationKind.PILOT_STARTED.value:
        if own:
            return _("A pilot of your idea ‘%(title)s’ has started: ‘%(pilot)s’",
                     title=title, pilot=pilot.title)
        return _("A pilot of ‘%(title)s’, which you support or follow, has started: ‘%(pilot)s’",
                 title=title, pilot=pilot.title)
    verdict = _verdict_words(pilot.verdict)
    if own:
        return _("The pilot ‘%(pilot)s’ of your idea ‘%(title)s’ has ended: %(verdict)s",
                 pilot=pilot.title, title=title, verdict=verdict)
    return _("The pilot ‘%(pilot)s’ of ‘%(title)s’, which you support or follow, has ended: "
             "%(verdict)s", pilot=pilot.title, title=title, verdict=verdict)


def _adoption(notification, reader, title):
    """idea_adopted links the original pilot; adoption_verdict the adopting one."""
    pilot = notification.pilot
    own = notification.idea is not None and notification.idea.author_id == reader.id
    if notification.kind == NotificationKind.IDEA_ADOPTED.value:
        if own:
            return _("Your idea ‘%(title)s’ worked in the pilot ‘%(pilot)s’, and another service "
                     "is adopting it", title=title, pilot=pilot.title)
        return _("‘%(title)s’, which you support or follow, worked in the pilot ‘%(pilot)s’, "
                 "and another service is adopting it", title=title, pilot=pilot.title)
    verdict = _verdict_words(pilot.verdict)
    if own:
        return _("Another service tried your idea ‘%(title)s’ in the pilot ‘%(pilot)s’: "
                 "%(verdict)s", title=title, pilot=pilot.title, verdict=verdict)
    return _("Another service tried ‘%(title)s’, which you support or follow, in the pilot "
             "‘%(pilot)s’: %(verdict)s", title=title, pilot=pilot.title, verdict=verdict)


def describe(notification, reader, html=False):
    """One sentence saying what happened, for this reader. With `html`, a
    sentence naming a person is markup (the name escaped, with its role
    badge); the others stay plain text for the template to escape."""
    comment = _comment(notification)
    title = _subject_title(notification, comment)
    kind = notification.kind
    if kind == NotificationKind.IDEA_STATUS.value and notification.idea is not None:
        return _idea_status(notification, reader, title)
    if kind == NotificationKind.IDEA_PROMOTED.value:
        return _idea_promoted(notification, reader, title)
    if kind == NotificationKind.IDEA_MERGED.value and notification.idea is not None:
        return _idea_merged(notification, reader, title)
    if kind == NotificationKind.PROPOSAL_STATUS.value and notification.proposal is not None:
        return _proposal_status(notification, reader, title)
    if kind in (NotificationKind.CONTENT_HIDDEN.value, NotificationKind.CONTENT_RESTORED.value,
                NotificationKind.APPEAL_DECIDED.value):
        return _moderated(notification, title, comment)
    if kind == NotificationKind.NEW_COMMENT.value:
        return _new_comment(title, comment, html)
    if kind in (NotificationKind.PILOT_STARTED.value, NotificationKind.PILOT_CLOSED.value) \
            and notification.pilot is not None:
        return _pilot(notification, reader, title)
    if kind == NotificationKind.DESIGN_GROUP.value:
        return _("Staff wrote to the design group of ‘%(title)s’", title=title)
    if kind in (NotificationKind.IDEA_ADOPTED.value, NotificationKind.ADOPTION_VERDICT.value) \
            and notification.pilot is not None:
        return _adoption(notification, reader, title)
    return _("Something changed on ‘%(title)s’", title=title)


def subject(notification, reader):
    """An email subject line: the sentence, cut to fit."""
    text = describe(notification, reader)
    return text if len(text) <= SUBJECT_MAX else text[:SUBJECT_MAX - 1] + "…"


def proposal_url(proposal_id, external=False, anchor=None):
    """`external`: a link for an email, at BASE_URL."""
    build = absolute_url if external else url_for
    try:
        return build("proposals.detail", proposal_id=proposal_id, _anchor=anchor)
    except BuildError:  # the proposals area has no page per proposal yet
        return build("proposals.index")


def target_url(notification, external=False):
    """Where the notification leads: the comment, the proposal or the idea.
    `external`: a link for an email, at BASE_URL."""
    build = absolute_url if external else url_for
    comment = _comment(notification)
    if comment is not None:
        return comment_link(comment, build)  # the page of comments holding it
    if notification.pilot_id is not None:
        return build("pilots.detail", pilot_id=notification.pilot_id)
    proposal = notification.proposal
    if proposal is not None and (notification.idea_id is None
                                 or proposal.status != ProposalStatus.DRAFT.value):
        return proposal_url(proposal.id, external)
    if notification.idea_id is not None:
        return build("ideas.detail", idea_id=notification.idea_id)
    return build("notifications.index")
