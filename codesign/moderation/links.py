"""Where an idea, a comment or an account is shown, for links back to it."""
from flask import url_for

from ..comments.views import comment_link
from ..models import Comment, Idea


def item_url(item):
    """The page showing the item, or None for an account (no profile pages)."""
    if isinstance(item, Idea):
        return url_for("ideas.detail", idea_id=item.id)
    if isinstance(item, Comment):
        return comment_link(item)  # on whichever page of comments holds it
    return None
