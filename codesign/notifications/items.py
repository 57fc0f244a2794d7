"""The notifications page's items, each kept rendered (codesign/fragments.py
"notification") under everything it shows: its id, whether it is read, when
it came and that time in words, its sentence as written for this reader and
its detail. The sentence is written afresh on every request (messages.py),
from the subject as it now stands, and the kept item is looked up by it, so
a renamed idea, a person's new name or a hidden comment changes the key.
The mark-read form carries the slot for each request's own CSRF token."""
from typing import NamedTuple

from flask import request
from markupsafe import escape

from .. import fragments
from . import messages


class Item(NamedTuple):
    """What one notification shows; `message` is the sentence as markup
    (plain text escaped), exactly as the page shows it."""

    id: int
    unread: bool
    created_at: object
    message: str
    detail_html: str  # "" when it has no detail


def item_for(notification, reader):
    return Item(notification.id, notification.read_at is None, notification.created_at,
                escape(messages.describe(notification, reader, html=True)),
                notification.detail_html if notification.detail else "")


def render(shown, macro):
    """The HTML of each Item of `shown`, in order, from what is kept where
    nothing it shows changed; `macro` (templates/notifications/index.html
    notification_item) renders one as (item, script root): its form's
    address depends on the script root."""
    root = request.script_root
    return fragments.fragments_for("notification", macro, [(item, (root,)) for item in shown])
