"""Links to a comment, for pages that list them. Imports only Flask, so the
notification and moderation modules can use it without an import cycle."""
from flask import url_for


def comment_link(comment, **values):
    """A link to a comment on an idea or a proposal, built without a
    statement (for lists of them: the moderation queue, notifications). The
    subject's page finds the page holding it from ?comment=<id>."""
    values.update(comment=comment.id, _anchor=f"comment-{comment.id}")
    if comment.idea_id is not None:
        return url_for("ideas.detail", idea_id=comment.idea_id, **values)
    return url_for("proposals.detail", proposal_id=comment.proposal_id, **values)
