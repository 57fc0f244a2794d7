"""Links to a comment, for pages that list them. Imports only Flask, so the
notification and moderation modules can use it without an import cycle."""
from flask import url_for


def comment_link(comment, build=url_for, **values):
    """A link to a comment on an idea or a proposal, built without a
    statement (for lists of them: the moderation queue, notifications). The
    subject's page finds the page holding it from ?comment=<id>. `build` is
    url_for, or mail.absolute_url for an email."""
    values.update(comment=comment.id, _anchor=f"comment-{comment.id}")
    if comment.idea_id is not None:
        return build("ideas.detail", idea_id=comment.idea_id, **values)
    return build("proposals.detail", proposal_id=comment.proposal_id, **values)
