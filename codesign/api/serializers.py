"""Public JSON shapes. Only what the site shows to anyone: no emails, no
hashes, no hidden or deleted text. The HTML is what the sanitiser stored
when the text was written: nothing is rendered here."""
from flask import url_for


def _iso(moment):
    return moment.isoformat() + "Z" if moment else None


def idea_json(idea):
    return {
        "id": idea.id,
        "title": idea.title,
        "description": idea.description,
        "description_html": idea.description_html,
        # The language the title and description are written in ("en", "cy").
        "language": idea.language,
        "service_area": {"id": idea.service_area.id, "name": idea.service_area.name},
        "challenge": (
            {"id": idea.challenge.id, "question": idea.challenge.question}
            if idea.challenge else None
        ),
        "place": idea.place,
        "status": idea.status,
        "withdrawn": idea.is_withdrawn,
        "support_count": idea.support_count,
        # The field's first name, documented and kept for the API's clients.
        "vote_count": idea.support_count,
        "comment_count": idea.comment_count,
        "author": idea.author.display_name,
        "created_at": _iso(idea.created_at),
        "updated_at": _iso(idea.updated_at),
        "url": url_for("ideas.detail", idea_id=idea.id, _external=True),
    }


def comment_json(comment):
    visible = comment.is_visible
    return {
        "id": comment.id,
        "parent_id": comment.parent_id,
        "depth": comment.depth,
        "author": comment.author.display_name if visible else None,
        "body": comment.body if visible else None,
        "body_html": comment.body_html if visible else None,
        "language": comment.language,
        "deleted": comment.deleted_at is not None,
        "hidden": comment.hidden_at is not None,
        "created_at": _iso(comment.created_at),
        "edited_at": _iso(comment.edited_at) if visible else None,
    }
