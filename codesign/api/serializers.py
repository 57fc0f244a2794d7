"""Public JSON shapes. Only what the site shows to anyone: no emails, no
hashes, no hidden or deleted text. The HTML is what the sanitiser stored
when the text was written: nothing is rendered here."""
from types import SimpleNamespace

from flask import url_for


def _iso(moment):
    return moment.isoformat() + "Z" if moment else None


def idea_urls():
    """A function giving an idea's page's address from its id: url_for's
    answer for one idea, with the id put in place, so that a page of twenty
    builds one address rather than twenty."""
    sample = url_for("ideas.detail", idea_id=1, _external=True)
    if not sample.endswith("/1"):  # not the shape this relies on: ask every time
        return lambda idea_id: url_for("ideas.detail", idea_id=idea_id, _external=True)
    prefix = sample[:-1]
    return lambda idea_id: f"{prefix}{idea_id}"


def idea_row(idea):
    """An Idea as a row of codesign.ideas.queries.ROW_COLUMNS (for the search
    results, which come as objects)."""
    return SimpleNamespace(
        id=idea.id, title=idea.title, description=idea.description,
        description_html=idea.description_html, language=idea.language,
        service_area_id=idea.service_area_id, service_area_name=idea.service_area.name,
        challenge_id=idea.challenge_id,
        challenge_question=idea.challenge.question if idea.challenge else None,
        place=idea.place, status=idea.status, withdrawn_at=idea.withdrawn_at,
        support_count=idea.support_count, comment_count=idea.comment_count,
        author_name=idea.author.display_name, created_at=idea.created_at,
        updated_at=idea.updated_at)


def idea_json(row, url_of):
    """row: a row of codesign.ideas.queries.ROW_COLUMNS; url_of: idea_urls()."""
    return {
        "id": row.id,
        "title": row.title,
        "description": row.description,
        "description_html": row.description_html,
        # The language the title and description are written in ("en", "cy").
        "language": row.language,
        "service_area": {"id": row.service_area_id, "name": row.service_area_name},
        "challenge": (
            {"id": row.challenge_id, "question": row.challenge_question}
            if row.challenge_id is not None else None
        ),
        "place": row.place,
        "status": row.status,
        "withdrawn": row.withdrawn_at is not None,
        "support_count": row.support_count,
        # The field's first name, documented and kept for the API's clients.
        "vote_count": row.support_count,
        "comment_count": row.comment_count,
        "author": row.author_name,
        "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
        "url": url_of(row.id),
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
