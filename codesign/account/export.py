"""Everything the site holds about one person, as one JSON document, written
piece by piece.

Each list is read with ``yield_per`` (a server-side cursor on PostgreSQL,
batches of rows on SQLite) and written out BATCH rows at a time, so an
account with thousands of comments never has them all in memory, as rows or
as text. Only plain columns are selected (no ORM objects, nothing joined),
and only the person's own: a comment on their idea by someone else, the
moderator who hid something, the person they reported are not in it.
"""
import json

from sqlalchemy import func, or_, select

from ..clock import utcnow
from ..extensions import db
from ..models import (
    AccessibilityReport,
    Appeal,
    AssistedEntry,
    Comment,
    DesignGroupMember,
    EmailHistory,
    Follow,
    Idea,
    ModerationAction,
    Notification,
    OutboxMessage,
    Partner,
    PartnerMember,
    Pilot,
    Proposal,
    ReachAnswer,
    ReachPlace,
    Report,
    ServiceArea,
    SignInEvent,
    Support,
    UserSession,
)
from .devices import describe

BATCH = 200
FORMAT_VERSION = 2

# Every column that points at an account, and where the file has what it
# points at, or why it is left out. tests/test_data_export.py fails when a
# table added later points at accounts and is in neither, so a new kind of
# data about people is considered here as it is in codesign/deletion.
SOURCES = {
    "email_history.user_id": "email_history",
    "idea.author_id": "ideas",
    "comment.author_id": "comments",
    "support.user_id": "supports",
    "follow.user_id": "follows",
    "report.reporter_id": "reports_made",
    "appeal.author_id": "appeals",
    "moderation_action.user_id": "moderation_of_your_account",
    "notification.user_id": "notifications",
    "sign_in_event.user_id": "sign_in_events",
    "user_session.user_id": "signed_in_devices",
    "reach_answer.user_id": "profile_answers",
    "assisted_entry.connector_id": "assisted_entries",
    "pilot.created_by_id": "pilots",
    "pilot.closed_by_id": "pilots",
    "proposal.created_by_id": "proposals_written",
    "design_group_member.user_id": "design_groups",
    "partner_member.user_id": "partner_memberships",
    "partner.created_by_id": "partners_proposed",
    # Left out, with the reason.
    "assisted_resident.connector_id": "not exported: the residents' names and contact "
                                      "details are theirs, not the connector's",
    "report.user_id": "not exported: who reported a person is the reporter's; what "
                      "moderators did about the account is in moderation_of_your_account",
    "appeal.hidden_by_id": "not exported: a moderator's work, about someone else",
    "appeal.decided_by_id": "not exported: a moderator's work, about someone else",
    "moderation_action.actor_id": "not exported: a moderator's work, about someone else",
    "partner.decided_by_id": "not exported: staff work on an organisation",
    "partner_offer.created_by_id": "not exported: written for a partner organisation",
    "partner_offer.decided_by_id": "not exported: staff work on an organisation",
    "idea_status_change.author_id": "not exported: staff answers, public on the idea",
    "proposal_status_change.author_id": "not exported: staff work, public on the proposal",
    "pilot_card.author_id": "not exported: staff work, public on the pilot",
    "pilot_event.author_id": "not exported: staff work, public on the pilot",
    "pilot_measurement.recorded_by_id": "not exported: the council's figures",
    "playbook.created_by_id": "not exported: staff work, public once published",
    "playbook_attachment.uploaded_by_id": "not exported: staff work, public once published",
    "adoption.created_by_id": "not exported: staff work, public on the proposal",
}


def _value(value):
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text + "Z" if "T" in text else text  # times are stored as UTC
    return value


def _plain(row):
    return {key: _value(value) for key, value in row._mapping.items()}


def profile(user):
    """The account row, without its secrets (password hash, session and unsubscribe keys)."""
    fields = ("id", "email", "display_name", "role", "created_at", "confirmed_at",
              "blocked_at", "email_preference", "last_digest_at",
              # The language pages and emails are in, once chosen (None: not chosen).
              "locale", "privacy_version_accepted", "privacy_accepted_at")
    return {name: _value(getattr(user, name)) for name in fields}


def profile_answers(user):
    """The person's answers to the profile questions: a handful of rows at most."""
    rows = db.session.execute(
        select(ReachAnswer.question, ReachAnswer.service_area_id,
               ServiceArea.name.label("service_area"), ReachAnswer.value,
               ReachPlace.name.label("place"), ReachAnswer.answered_at)
        .outerjoin(ServiceArea, ServiceArea.id == ReachAnswer.service_area_id)
        .outerjoin(ReachPlace, ReachPlace.id == ReachAnswer.place_id)
        .where(ReachAnswer.user_id == user.id)
        .order_by(ReachAnswer.question, ReachAnswer.service_area_id))
    return [_plain(row) for row in rows]


def _lists(user):
    """(name, statement, shaping function or None) for each list in the file."""
    uid = user.id

    def comment(row):
        item = _plain(row)
        item["on"] = {"idea_id": item.pop("idea_id"), "proposal_id": item.pop("proposal_id")}
        return item

    def report(row):
        item = _plain(row)
        # What was reported, by kind; a reported person is not named or numbered.
        if row.idea_id:
            item["target"] = {"kind": "idea", "id": row.idea_id}
        elif row.comment_id:
            item["target"] = {"kind": "comment", "id": row.comment_id}
        else:
            item["target"] = {"kind": "person"}
        for key in ("idea_id", "comment_id", "user_id"):
            item.pop(key)
        return item

    def with_device(row):
        item = _plain(row)
        item["device"] = describe(row.user_agent)
        return item

    return [
        ("email_history", select(EmailHistory.email, EmailHistory.changed_at)
         .where(EmailHistory.user_id == uid).order_by(EmailHistory.id), None),
        ("ideas", select(Idea.id, Idea.title, Idea.description, Idea.language, Idea.place,
                         ServiceArea.name.label("service_area"), Idea.challenge_id, Idea.status,
                         Idea.created_at, Idea.updated_at, Idea.withdrawn_at, Idea.hidden_at,
                         Idea.hidden_reason, Idea.hidden_note, Idea.duplicate_of_id,
                         Idea.proposal_id, Idea.support_count, Idea.comment_count)
         .join(ServiceArea, ServiceArea.id == Idea.service_area_id)
         .where(Idea.author_id == uid).order_by(Idea.id), None),
        ("comments", select(Comment.id, Comment.idea_id, Comment.proposal_id, Comment.parent_id,
                            Comment.body, Comment.language, Comment.created_at, Comment.edited_at,
                            Comment.deleted_at, Comment.hidden_at, Comment.hidden_reason,
                            Comment.hidden_note)
         .where(Comment.author_id == uid).order_by(Comment.id), comment),
        ("supports", select(Support.idea_id, Support.created_at)
         .where(Support.user_id == uid).order_by(Support.id), None),
        ("follows", select(Follow.idea_id, Follow.proposal_id, Follow.created_at)
         .where(Follow.user_id == uid).order_by(Follow.id), None),
        ("reports_made", select(Report.id, Report.idea_id, Report.comment_id, Report.user_id,
                                Report.reason, Report.note, Report.created_at,
                                Report.resolved_at)
         .where(Report.reporter_id == uid).order_by(Report.id), report),
        ("appeals", select(Appeal.id, Appeal.idea_id, Appeal.comment_id, Appeal.text,
                           Appeal.created_at, Appeal.decided_at, Appeal.outcome,
                           Appeal.decision_note)
         .where(Appeal.author_id == uid).order_by(Appeal.id), None),
        ("moderation_of_your_account", select(
            ModerationAction.action, ModerationAction.idea_id, ModerationAction.comment_id,
            ModerationAction.reason, ModerationAction.note, ModerationAction.created_at)
         .where(ModerationAction.user_id == uid).order_by(ModerationAction.id), None),
        ("notifications", select(Notification.id, Notification.kind, Notification.idea_id,
                                 Notification.proposal_id, Notification.pilot_id,
                                 Notification.detail, Notification.created_at,
                                 Notification.read_at, Notification.emailed_at)
         .where(Notification.user_id == uid).order_by(Notification.id), None),
        ("sign_in_events", select(SignInEvent.at, SignInEvent.kind, SignInEvent.user_agent)
         .where(SignInEvent.user_id == uid).order_by(SignInEvent.id), with_device),
        ("signed_in_devices", select(UserSession.created_at, UserSession.last_seen_at,
                                     UserSession.user_agent)
         .where(UserSession.user_id == uid, UserSession.generation == user.session_token)
         .order_by(UserSession.id), with_device),
        # What a connector entered for residents: how and where, never who for.
        ("assisted_entries", select(AssistedEntry.kind, AssistedEntry.idea_id,
                                    AssistedEntry.comment_id, AssistedEntry.channel,
                                    AssistedEntry.place, AssistedEntry.created_at)
         .where(AssistedEntry.connector_id == uid).order_by(AssistedEntry.id), None),
        ("accessibility_reports", select(AccessibilityReport.page, AccessibilityReport.problem,
                                         AccessibilityReport.name, AccessibilityReport.email,
                                         AccessibilityReport.created_at,
                                         AccessibilityReport.dealt_with_at)
         # Not linked to an account: those sent from the current address.
         .where(func.lower(AccessibilityReport.email) == user.email.lower())
         .order_by(AccessibilityReport.id), None),
        ("pilots", select(Pilot.id, Pilot.title, Pilot.proposal_id, Pilot.status,
                          Pilot.created_at, Pilot.closed_at,
                          (Pilot.created_by_id == uid).label("planned_by_you"),
                          (Pilot.closed_by_id == uid).label("closed_by_you"))
         .where(or_(Pilot.created_by_id == uid, Pilot.closed_by_id == uid))
         .order_by(Pilot.id), None),
        ("proposals_written", select(Proposal.id, Proposal.title, Proposal.status,
                                     Proposal.created_at)
         .where(Proposal.created_by_id == uid).order_by(Proposal.id), None),
        ("design_groups", select(DesignGroupMember.proposal_id, DesignGroupMember.note,
                                 DesignGroupMember.credit_by_name, DesignGroupMember.joined_at)
         .where(DesignGroupMember.user_id == uid).order_by(DesignGroupMember.id), None),
        ("partner_memberships", select(PartnerMember.partner_id, Partner.name.label("partner"),
                                       PartnerMember.created_at)
         .join(Partner, Partner.id == PartnerMember.partner_id)
         .where(PartnerMember.user_id == uid).order_by(PartnerMember.id), None),
        ("partners_proposed", select(Partner.id, Partner.name, Partner.status,
                                     Partner.created_at)
         .where(Partner.created_by_id == uid).order_by(Partner.id), None),
        ("emails_sent_to_you", select(OutboxMessage.subject, OutboxMessage.created_at,
                                      OutboxMessage.sent_at)
         # The current address only: a former one may be someone else's now.
         .where(OutboxMessage.to_address == user.email)
         .order_by(OutboxMessage.id), None),
    ]


def _rows(statement, shape):
    result = db.session.execute(statement.execution_options(yield_per=BATCH))
    for partition in result.partitions():
        yield [shape(row) if shape else _plain(row) for row in partition]


def chunks(user):
    """The JSON document in pieces (str), about BATCH rows a piece."""
    head = {
        "format_version": FORMAT_VERSION,
        "generated_at": _value(utcnow()),
        "about": "Everything Codesign holds about you. Times are UTC.",
        "profile": profile(user),
        "notification_settings": {"email_preference": user.email_preference,
                                  "last_digest_at": _value(user.last_digest_at)},
        # The person's own answers about themselves (codesign/reach), as stored.
        "profile_answers": profile_answers(user),
        "edit_history": "Codesign keeps no earlier versions of an edited idea or comment: "
                        "the text is the latest, and edited_at says when it was last edited.",
    }
    yield json.dumps(head, ensure_ascii=False)[:-1]  # the object stays open
    for name, statement, shape in _lists(user):
        yield f", {json.dumps(name)}: ["
        first = True
        for batch in _rows(statement, shape):
            text = ", ".join(json.dumps(item, ensure_ascii=False) for item in batch)
            yield text if first else ", " + text
            first = False
        yield "]"
    yield "}\n"
