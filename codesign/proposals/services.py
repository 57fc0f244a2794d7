"""The rules for proposals: promoting ideas into one, editing it, moving it
through its stages. Functions take models and values, flush, never commit;
a rule that says no raises DomainError and the route rolls back."""
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select, update

from .. import signals
from ..clock import utcnow
from ..comments.services import on_posted as on_comment_posted
from ..exceptions import DomainError
from ..extensions import db
from ..labels import PROPOSAL_STATUS_LABELS
from ..models import (
    Idea,
    IdeaStatus,
    IdeaStatusChange,
    NotificationKind,
    Proposal,
    ProposalStatus,
    ProposalStatusChange,
    Support,
)
from ..notifications.services import follow, follower_ids, notify
from ..sanitise import render_markdown

S = ProposalStatus
# Forward one step at a time, or not taken forward from any open stage.
TRANSITIONS = {
    S.DRAFT.value: (S.OPEN_FOR_FEEDBACK.value, S.NOT_TAKEN_FORWARD.value),
    S.OPEN_FOR_FEEDBACK.value: (S.APPROVED.value, S.NOT_TAKEN_FORWARD.value),
    S.APPROVED.value: (S.IN_PILOT.value, S.NOT_TAKEN_FORWARD.value),
    S.IN_PILOT.value: (S.IMPLEMENTED.value, S.NOT_TAKEN_FORWARD.value),
    S.IMPLEMENTED.value: (),
    S.NOT_TAKEN_FORWARD.value: (),
}
EDITABLE = (S.DRAFT.value, S.OPEN_FOR_FEEDBACK.value)
FIELDS = ("title", "problem", "proposed_change", "expected_benefits", "who_it_affects",
          "cost_band", "service_area", "responsible_team", "decision_due")
# The fields written in Markdown, each stored beside its rendered `<name>_html`.
MARKDOWN_FIELDS = ("problem", "proposed_change", "expected_benefits", "who_it_affects")


def _set_fields(proposal, values):
    for name in FIELDS:
        setattr(proposal, name, values[name])
    for name in MARKDOWN_FIELDS:
        setattr(proposal, f"{name}_html", render_markdown(values[name]))


def _status_change(response, **values):
    return ProposalStatusChange(response=response, response_html=render_markdown(response),
                                **values)


def next_statuses(proposal):
    return TRANSITIONS.get(proposal.status, ())


def why_not_promotable(idea):
    """The reason an idea cannot become (part of) a proposal, or None."""
    if idea.hidden_at is not None:
        return _("Idea #%(num)d is hidden by a moderator.", num=idea.id)
    if idea.withdrawn_at is not None:
        return _("Idea #%(num)d was withdrawn by its author.", num=idea.id)
    if idea.duplicate_of_id is not None:
        return _("Idea #%(num)d is a duplicate of idea #%(other)d: include that one instead.",
                 num=idea.id, other=idea.duplicate_of_id)
    if idea.proposal_id is not None:
        return _("Idea #%(num)d is already part of a proposal.", num=idea.id)
    return None


def _principal_ideas(idea, extra_ids):
    """The idea and the others staff named, each checked."""
    ideas = [idea]
    named = {idea.id, *extra_ids}
    for number in extra_ids:
        if number == idea.id:
            continue
        other = db.session.get(Idea, number)
        if other is None:
            raise DomainError(_("There is no idea #%(num)d.", num=number), field="also_include")
        if other.duplicate_of_id in named:
            continue  # merged into an idea that is included, so it comes along anyway
        reason = why_not_promotable(other)
        if reason:
            raise DomainError(reason, field="also_include")
        ideas.append(other)
    return ideas


def source_ideas_for(idea, extra_ids=()):
    """Every idea a proposal made from these would credit: the ideas named
    and the ideas merged into them as duplicates (unless hidden or withdrawn)."""
    reason = why_not_promotable(idea)
    if reason:
        raise DomainError(reason)
    principals = _principal_ideas(idea, list(extra_ids))
    merged = db.session.scalars(
        select(Idea).where(
            Idea.duplicate_of_id.in_([i.id for i in principals]),
            Idea.hidden_at.is_(None), Idea.withdrawn_at.is_(None), Idea.proposal_id.is_(None),
        ).order_by(Idea.id)
    ).all()
    return principals + [i for i in merged if i not in principals]


def _list_of_numbers(ideas):
    return ", ".join(f"#{i.id}" for i in ideas)


def promote_idea(staff, idea, values, message, extra_ids=(), publish=True):
    """Make a proposal from an idea (and others, and their duplicates).

    values holds the proposal's fields (FIELDS). Each source idea is marked
    promoted with a timeline entry carrying message. Its author, supporters
    and followers are told when the proposal is published: now, or when it
    leaves the draft stage (see change_status)."""
    sources = source_ideas_for(idea, extra_ids)
    now = utcnow()
    proposal = Proposal(created_by=staff, status=S.DRAFT.value, created_at=now, updated_at=now,
                        comment_count=0)
    _set_fields(proposal, values)
    db.session.add(proposal)
    db.session.flush()
    db.session.add(_status_change(
        proposal_id=proposal.id, from_status=None, to_status=S.DRAFT.value, author=staff,
        created_at=now,
        response=ngettext("Created from idea %(ideas)s.", "Created from ideas %(ideas)s.",
                          len(sources), ideas=_list_of_numbers(sources)),
    ))
    for source in sources:
        _mark_promoted(staff, source, proposal, message, now)
    if publish:
        proposal.status = S.OPEN_FOR_FEEDBACK.value
        db.session.add(_status_change(
            message, proposal_id=proposal.id, from_status=S.DRAFT.value,
            to_status=proposal.status, author=staff, created_at=now,
        ))
    follow(staff, proposal=proposal)
    if publish:
        _publish(staff, proposal, message, sources)
    db.session.flush()
    return proposal


def _publish(staff, proposal, message, sources=None):
    """The proposal leaves the draft stage: the people of its ideas follow it
    and are told, once (a draft's title and wording are for staff only).
    Returns who was told."""
    if sources is None:
        sources = db.session.scalars(
            select(Idea).where(Idea.proposal_id == proposal.id).order_by(Idea.id)).all()
    for author in {source.author for source in sources}:
        follow(author, proposal=proposal)
    return _tell_residents(staff, sources, proposal, message)


def _mark_promoted(staff, idea, proposal, message, now):
    previous = idea.status
    # Only an idea no proposal has claimed yet: two staff promoting the same
    # idea at once cannot both succeed.
    claimed = db.session.execute(
        update(Idea)
        .where(Idea.id == idea.id, Idea.proposal_id.is_(None))
        .values(proposal_id=proposal.id, status=IdeaStatus.PROMOTED.value, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise DomainError(_("Idea #%(num)d is already part of a proposal.", num=idea.id))
    db.session.add(IdeaStatusChange(
        idea_id=idea.id, from_status=previous, to_status=IdeaStatus.PROMOTED.value,
        response=message, response_html=render_markdown(message), author=staff, created_at=now,
    ))
    db.session.expire(idea, ["proposal_id", "status", "updated_at"])


def _tell_residents(staff, sources, proposal, message):
    """One notification per person, about the first of their ideas."""
    told = set()
    for source in sources:
        supporters = set(db.session.scalars(select(Support.user_id).where(
            Support.idea_id == source.id, Support.user_id.is_not(None))))
        people = ({source.author_id} | supporters | follower_ids(idea=source)) - told
        notify(people, NotificationKind.IDEA_PROMOTED, idea=source, proposal=proposal,
               detail=message, actor=staff)
        signals.idea_news.send(source, kind=NotificationKind.IDEA_PROMOTED, detail=message)
        told |= people
    return told


@on_comment_posted(Proposal)
def _follow_on_comment(author, proposal):
    # Whoever comments on a proposal hears what becomes of it.
    follow(author, proposal=proposal)


def edit_proposal(proposal, values):
    if proposal.status not in EDITABLE:
        raise DomainError(_("This proposal can no longer be edited: a decision was taken on it."))
    _set_fields(proposal, values)
    proposal.updated_at = utcnow()
    db.session.flush()
    return proposal


def change_status(staff, proposal, to_status, response, seen_status=None):
    """Move a proposal on, with a public response. seen_status is the status
    the form was made for: a stale or replayed form changes nothing."""
    current = proposal.status
    if seen_status and seen_status != current:
        raise DomainError(_("This proposal is now “%(status)s”: it changed since the form was "
                            "opened, so nothing was changed.", status=PROPOSAL_STATUS_LABELS[current]))
    if not TRANSITIONS.get(current):
        raise DomainError(_("This proposal is “%(status)s”, which is final: its status cannot "
                            "change again.", status=PROPOSAL_STATUS_LABELS[current]))
    if to_status not in TRANSITIONS[current]:
        raise DomainError(_("A proposal that is “%(old)s” cannot become “%(new)s”.",
                            old=PROPOSAL_STATUS_LABELS[current],
                            new=PROPOSAL_STATUS_LABELS.get(to_status, to_status)), field="status")
    now = utcnow()
    moved = db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id, Proposal.status == current)
        .values(status=to_status, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        raise DomainError(_("This proposal changed since the form was opened, so nothing was changed."))
    db.session.expire(proposal, ["status", "updated_at"])
    change = _status_change(response, proposal_id=proposal.id, from_status=current,
                            to_status=to_status, author=staff, created_at=now)
    db.session.add(change)
    db.session.flush()
    told = _publish(staff, proposal, response) if current == S.DRAFT.value else set()
    notify(follower_ids(proposal=proposal) - told, NotificationKind.PROPOSAL_STATUS,
           proposal=proposal, detail=response, actor=staff)
    return change
