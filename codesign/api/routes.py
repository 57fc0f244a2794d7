"""Read-only open data. Every route is GET, so the CSRF check has nothing to
guard here; the JSON error handler answers unknown ids with a 404 body."""
from flask import abort, current_app, jsonify, request, url_for

from .. import search
from ..extensions import db
from ..ideas import queries
from ..models import Comment
from . import bp
from .serializers import comment_json, idea_json


def _public_idea(idea_id):
    idea = queries.get_public_idea(idea_id)
    if idea is None:
        abort(404)
    return idea


def _seed(raw):
    """The caller's shuffle seed, or None: ASCII digits only (str.isdigit also
    accepts "²", which int() refuses) and short enough for int() to take."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None


@bp.get("/ideas")
def ideas():
    seed = _seed(request.args.get("seed", ""))
    per_page = current_app.config["IDEAS_PER_PAGE"]
    # `q` searches: the same filters, most relevant first unless sorted otherwise.
    browse = search.parse_idea_search(request.args)
    if browse is not None:
        page = search.search_ideas(browse, per_page)
        seed = None
    else:
        browse = queries.parse_browse(request.args, seed or 0)
        page = queries.browse_ideas(browse, per_page)
    extra = {"seed": seed} if seed is not None else {}

    def link(number):
        return url_for("api.ideas", _external=True, **browse.args(page=number), **extra)

    return jsonify({
        "items": [idea_json(idea) for idea in page.items],
        "page": page.number,
        "per_page": per_page,
        "total": page.total,
        "sort": browse.sort,
        "next": link(page.number + 1) if page.has_next else None,
        "prev": link(page.number - 1) if page.has_prev else None,
    })


@bp.get("/ideas/<id:idea_id>")
def idea(idea_id):
    return jsonify(idea_json(_public_idea(idea_id)))


@bp.get("/ideas/<id:idea_id>/comments")
def idea_comments(idea_id):
    idea = _public_idea(idea_id)
    comments = db.session.scalars(
        db.select(Comment).where(Comment.idea_id == idea.id).order_by(Comment.created_at, Comment.id)
    ).all()
    return jsonify({"idea_id": idea.id, "items": [comment_json(c) for c in comments]})
