"""The moderation queue's entries, each kept rendered with one moderator's
actions under it (codesign/fragments.py "queue_entry").

What the moderator may do with each entry (hide, restore, dismiss the
reports, block or unblock the account) is decided here, once per page, by
the permission predicates, and the answers are plain values: they are part
of the kept entry's key, beside everything the entry shows, so two
moderators share a kept entry only when every answer is the same for them.
Its forms carry the slot for each request's own CSRF token.
"""
from typing import NamedTuple

from flask import request

from .. import fragments, permissions
from ..models import HideReason


class Entry(NamedTuple):
    """One entry of the queue: a codesign.moderation.queries.QueueRow and,
    for a comment on an idea, that idea's id and title (None otherwise)."""

    row: object
    idea: object


class Controls(NamedTuple):
    """One moderator's actions under one entry."""

    hide: bool = False
    restore: bool = False
    dismiss: bool = False  # dismiss its reports (an account's, too)
    block: bool = False
    unblock: bool = False
    moderate: bool = False  # may act on it at all; if not, the entry says why


def decide(user, row):
    item = row.item
    if row.kind == "user":
        moderate = bool(permissions.can_moderate_user(user, item))
        return Controls(block=bool(permissions.can_block_user(user, item)),
                        unblock=bool(permissions.can_unblock_user(user, item)),
                        dismiss=moderate, moderate=moderate)
    waiting = row.open_count or item.hidden_reason == HideReason.REPORTED.value
    return Controls(hide=bool(permissions.can_hide(user, item)),
                    restore=bool(permissions.can_restore(user, item)),
                    dismiss=bool(permissions.can_dismiss_reports(user, item)) and bool(waiting),
                    moderate=bool(permissions.can_moderate_item(user, item)))


def _person(user):
    """The signed-in person behind current_user: the proxy costs a lookup on
    every attribute the predicates read."""
    unwrap = getattr(user, "_get_current_object", None)
    return unwrap() if unwrap is not None else user


def render(user, rows, ideas, macro):
    """The HTML of each of the queue rows, in their order, from what is kept
    where nothing it shows and none of the moderator's answers changed.
    `ideas` holds the id and title of the ideas the comments among them are
    on (queries.ideas_of); `macro` (templates/moderation/queue.html
    queue_entry) renders one entry as (entry, controls, here, script root)."""
    user = _person(user)
    here = request.full_path.rstrip("?")
    shown = []
    for row in rows:
        idea_id = getattr(row.item, "idea_id", None) if row.kind == "comment" else None
        entry = Entry(row, ideas.get(idea_id) if idea_id is not None else None)
        shown.append((entry, (decide(user, row), here, request.script_root)))
    return fragments.fragments_for("queue_entry", macro, shown)
