"""Where an idea, a comment or an account is shown, for links back to it."""
from flask import url_for

from ..models import Comment, Idea


def item_url(item):
    """The page showing the item, or None for an account (no profile pages)."""
    if isinstance(item, Idea):
        return url_for("ideas.detail", idea_id=item.id)
    if isinstance(item, Comment):
        anchor = f"comment-{item.id}"
        if item.idea_id is not None:
            return url_for("ideas.detail", idea_id=item.idea_id, _anchor=anchor)
        return url_for("proposals.detail", proposal_id=item.proposal_id, _anchor=anchor)
    return None
