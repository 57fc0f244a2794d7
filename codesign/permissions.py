"""Who may do what: pure predicates shared by the routes and the templates, so
a button that is shown and a request that is allowed can never disagree.

Each takes the user (possibly anonymous) and the object, and holds the state
rules too (withdrawn, hidden, deleted, too late to edit).
"""
from datetime import timedelta

from .clock import utcnow
from .models.comment import MAX_DEPTH
from .models.idea import HideReason, IdeaStatus
from .models.partner import OfferStatus, PartnerStatus
from .models.pilot import PilotStatus, PilotVerdict
from .models.proposal import ProposalStatus
from .models.user import Role

COMMENT_EDIT_WINDOW = timedelta(minutes=15)


def _signed_in(user):
    return bool(getattr(user, "is_authenticated", False))


def is_participant(user):
    """Signed in, email confirmed, not blocked: may propose, support, comment
    and report."""
    return _signed_in(user) and user.is_confirmed and not user.is_blocked


def has_role(user, role):
    """At least this role; a blocked account keeps none of its powers."""
    return _signed_in(user) and not user.is_blocked and user.has_role(role)


def is_moderator(user):
    return has_role(user, Role.MODERATOR)


def is_staff(user):
    return has_role(user, Role.STAFF)


def is_admin(user):
    return has_role(user, Role.ADMIN)


def is_connector(user):
    return has_role(user, Role.CONNECTOR)


def can_assist(user):
    """Enter ideas, comments and supports for residents who are not online:
    connectors and every role above, while they may take part themselves."""
    return is_participant(user) and is_connector(user)


def can_oversee_assisted(user):
    """See every assisted entry, by connector and by day (moderators)."""
    return is_moderator(user)


def _is_author(user, obj):
    return bool(getattr(user, "is_authenticated", False)) and obj.author_id == user.id


def can_propose_idea(user):
    return is_participant(user)


def is_idea_author(user, idea):
    """A participant who wrote the idea: may ask to edit or withdraw it.
    Whether its state still allows that is the services' to say, with a
    message (the button was on the page a moment ago)."""
    return is_participant(user) and _is_author(user, idea)


def can_edit_idea(user, idea):
    """Until someone else responds, and while staff have not answered it:
    a status, a merge or a promotion refers to the text as it stands."""
    return (
        is_participant(user)
        and _is_author(user, idea)
        and idea.engaged_at is None
        and idea.status == IdeaStatus.PUBLISHED.value
        and idea.duplicate_of_id is None
        and idea.proposal_id is None
        and not idea.is_withdrawn
        and not idea.is_hidden
    )


def can_withdraw_idea(user, idea):
    return is_participant(user) and _is_author(user, idea) and not idea.is_withdrawn


def can_support_idea(user, idea):
    """A duplicate takes no new support: it counts for the idea it was merged into."""
    return (
        is_participant(user)
        and not idea.is_withdrawn
        and not idea.is_hidden
        and idea.duplicate_of_id is None
    )


def can_comment_idea(user, idea):
    return is_participant(user) and not idea.is_hidden


def can_reply_comment(user, comment, idea):
    return (
        can_comment_idea(user, idea)
        and comment.is_visible
        and comment.depth < MAX_DEPTH
    )


def can_edit_comment(user, comment, now=None):
    now = now or utcnow()
    return (
        is_participant(user)
        and _is_author(user, comment)
        and comment.is_visible
        and now - comment.created_at <= COMMENT_EDIT_WINDOW
    )


def can_delete_comment(user, comment):
    return is_participant(user) and _is_author(user, comment) and comment.deleted_at is None


def shown_comment_facts(user):
    """What the comment predicates (can_edit_comment at `now`,
    can_delete_comment, can_report, can_hide, can_reply_comment,
    can_reply_proposal_comment) read of a shown comment, for this person:
    comment -> (written by them, may take replies, still in their edit
    window), and `now`. Shown comments alike in these get the same answers, so a page
    asks the predicates once per kind (codesign/comments/controls.py). A
    predicate that comes to read more of a comment must add it here:
    tests/test_comment_controls.py compares a page's answers with each
    predicate's."""
    me, now = user.id if _signed_in(user) else None, utcnow()

    def facts(comment):
        mine = me is not None and comment.author_id == me
        return (mine, comment.depth < MAX_DEPTH,
                mine and now - comment.created_at <= COMMENT_EDIT_WINDOW)
    return facts, now


# -- moderation ---------------------------------------------------------------

def can_see_hidden(user, item):
    """Hidden content stays visible to its author and to moderators."""
    return is_moderator(user) or (_signed_in(user) and getattr(item, "author_id", None) == user.id)


def can_report(user, item):
    """An idea or comment someone else wrote and that is still shown."""
    if not is_participant(user) or _is_author(user, item) or item.hidden_at is not None:
        return False
    return getattr(item, "deleted_at", None) is None


def can_report_user(user, target):
    return is_participant(user) and target.id != user.id


def can_moderate_item(user, item):
    """May act on this idea or comment at all (hide, restore, dismiss its
    reports): a moderator, and not on what they wrote themselves, which
    another moderator decides."""
    return is_moderator(user) and not _is_author(user, item)


def can_hide(user, item):
    """Shown, or hidden only by reports (hiding it then confirms it)."""
    return can_moderate_item(user, item) and (
        item.hidden_at is None or item.hidden_reason == HideReason.REPORTED.value)


def can_restore(user, item):
    return can_moderate_item(user, item) and item.hidden_at is not None


def can_dismiss_reports(user, item):
    return can_moderate_item(user, item)


def can_block_user(user, target):
    """Moderators block residents; nobody blocks themselves or a higher role."""
    return (
        is_moderator(user)
        and target.id != user.id
        and not target.is_blocked
        and Role(target.role).rank < Role(user.role).rank
    )


def can_unblock_user(user, target):
    return (
        is_moderator(user)
        and target.is_blocked
        and Role(target.role).rank < Role(user.role).rank
    )


def can_appeal(user, item, appeal=None):
    """The author may appeal a hidden item once."""
    return (
        _signed_in(user)
        and _is_author(user, item)
        and item.hidden_at is not None
        and appeal is None
    )


def can_decide_appeal(user, appeal):
    """A different moderator from the one who hid the item."""
    return (
        is_moderator(user)
        and appeal.decided_at is None
        and appeal.hidden_by_id != user.id
        and appeal.author_id != user.id
    )


def can_moderate_user(user, target):
    """May act on this account at all (block or unblock it, dismiss reports
    on it); whether it is blocked already is for the service to say."""
    return (
        is_moderator(user)
        and target.id != user.id
        and Role(target.role).rank < Role(user.role).rank
    )


# -- staff ----------------------------------------------------------------------

def can_respond_idea(user, idea):
    """Change an idea's status with an official response."""
    return is_staff(user) and idea.hidden_at is None and idea.duplicate_of_id is None


def can_promote_idea(user, idea):
    return (
        is_staff(user)
        and idea.hidden_at is None
        and idea.withdrawn_at is None
        and idea.duplicate_of_id is None
        and idea.proposal_id is None
    )


def can_merge_idea(user, idea):
    """Mark this idea a duplicate of another."""
    return (
        is_staff(user)
        and idea.hidden_at is None
        and idea.duplicate_of_id is None
        and idea.status != IdeaStatus.PROMOTED.value
    )


def can_unmerge_idea(user, idea):
    return is_staff(user) and idea.duplicate_of_id is not None


def can_view_proposal(user, proposal):
    """Drafts are for staff; every other stage is public."""
    return proposal.status != ProposalStatus.DRAFT.value or is_staff(user)


def can_manage_proposal(user, proposal):
    return is_staff(user)


def can_comment_proposal(user, proposal):
    return is_participant(user) and proposal.status == ProposalStatus.OPEN_FOR_FEEDBACK.value


def can_export(user):
    return is_staff(user)


def can_see_accessibility_reports(user):
    """The reported accessibility problems, and marking them dealt with."""
    return is_staff(user)


def can_edit_proposal(user, proposal):
    """Staff reword a proposal until a decision is taken on it."""
    return is_staff(user) and proposal.status in (
        ProposalStatus.DRAFT.value, ProposalStatus.OPEN_FOR_FEEDBACK.value)


def can_reply_proposal_comment(user, comment, proposal):
    return (
        can_comment_proposal(user, proposal)
        and comment.is_visible
        and comment.depth < MAX_DEPTH
    )


# -- pilots ---------------------------------------------------------------------

PILOTABLE = (ProposalStatus.APPROVED.value, ProposalStatus.IN_PILOT.value)


def can_create_pilot(user, proposal):
    """Staff write a pilot's card once a proposal is approved (or already in pilot)."""
    return is_staff(user) and proposal.status in PILOTABLE


def can_see_pilot(user, pilot):
    """A planned pilot is for staff; once started it is public, whatever its result."""
    return pilot.status != PilotStatus.PLANNED.value or is_staff(user)


def can_edit_pilot(user, pilot):
    """The card is changed in place only while the pilot is planned."""
    return is_staff(user) and pilot.status == PilotStatus.PLANNED.value


def can_amend_pilot(user, pilot):
    """Once started the card is locked: a change is a new version with a reason."""
    return is_staff(user) and pilot.status == PilotStatus.RUNNING.value


def can_start_pilot(user, pilot):
    return (is_staff(user) and pilot.status == PilotStatus.PLANNED.value
            and pilot.proposal.status in PILOTABLE)


def can_run_pilot(user, pilot):
    """Record figures and close the pilot: staff, while it runs."""
    return is_staff(user) and pilot.status == PilotStatus.RUNNING.value


# -- practices: playbooks and adoption ------------------------------------------

def pilot_worked(pilot):
    return pilot.status == PilotStatus.CLOSED.value and pilot.verdict == PilotVerdict.WORKED.value


def can_write_playbook(user, pilot):
    """Staff write (and attach files to) the playbook of a pilot that closed as "worked"."""
    return is_staff(user) and pilot_worked(pilot)


def can_see_playbook(user, playbook):
    """A draft playbook is for staff; a published one for everyone."""
    return playbook is not None and (playbook.state == "published" or is_staff(user))


def can_adopt_practice(user, pilot, playbook):
    """Staff of another service (or team) take up a published playbook of a
    pilot that worked; the service says why not otherwise."""
    return (is_staff(user) and pilot_worked(pilot) and playbook is not None
            and playbook.state == "published")


# -- following and administration ----------------------------------------------

def can_follow(user):
    return _signed_in(user) and user.is_confirmed


def can_administer(user):
    return is_admin(user)


def can_change_role(user, target):
    """Admins set roles, but never another admin's: one admin could otherwise
    demote another and then block them. Only an operator can (`flask users
    set-role`). Their own role they may not lower (the service says so)."""
    return is_admin(user) and (target.role != Role.ADMIN.value or target.id == user.id)


def can_follow_idea(user, idea):
    """A hidden idea is followed only by those who can still see it."""
    return can_follow(user) and (idea.hidden_at is None or can_see_hidden(user, idea))


def can_follow_proposal(user, proposal):
    return can_follow(user) and can_view_proposal(user, proposal)


# -- partners and design groups -------------------------------------------------

DESIGN_GROUP_OPEN = (ProposalStatus.OPEN_FOR_FEEDBACK.value, ProposalStatus.IN_PILOT.value)


def can_register_partner(user):
    return is_participant(user)


def can_manage_partners(user):
    """Confirm or decline organisations, and say who belongs to them."""
    return is_admin(user)


def can_see_partner(user, partner):
    """An organisation shows once an admin has confirmed it."""
    return partner.status == PartnerStatus.CONFIRMED.value or is_admin(user)


def can_offer_help(user, partner):
    """A member of a confirmed partner, speaking for it."""
    return (is_participant(user) and partner is not None
            and partner.status == PartnerStatus.CONFIRMED.value)


def can_decide_offer(user, offer):
    return is_staff(user) and offer.status == OfferStatus.PENDING.value


def can_join_design_group(user, proposal):
    """While the proposal is open for feedback or in pilot."""
    return is_participant(user) and proposal.status in DESIGN_GROUP_OPEN


def can_see_design_group(user, proposal):
    """The members with their email addresses: staff only."""
    return is_staff(user)
# -- one's own account (issue 12) -------------------------------------------------

def can_change_display_name(user):
    """A blocked account keeps the name it had: a new one would show on
    everything it wrote, and it was blocked for what it wrote."""
    return _signed_in(user) and not user.is_blocked
def can_delete_own_account(user):
    """Anyone signed in may ask; the service refuses an administrator's
    account and one with an appeal waiting, saying why."""
    return _signed_in(user)


def can_delete_user(user, target):
    """An admin deletes an account on its owner's behalf (a request by
    letter), never their own here nor another administrator's."""
    return (is_admin(user) and target.id != user.id and target.role != Role.ADMIN.value
            and target.deleted_at is None)


PREDICATES = {
    name: value
    for name, value in globals().items()
    if name.startswith(("can_", "is_", "has_role"))
}
