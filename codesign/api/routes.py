"""Read-only open data. Every route is GET, so the CSRF check has nothing to
guard here; the JSON error handler answers unknown ids with a 404 body."""
from flask import current_app, jsonify, request, url_for

from .. import search
from ..ideas import queries
from ..web import or_404, page_arg, whole_number
from . import bp
from .serializers import comment_json, idea_json, idea_row, idea_urls


@bp.get("/ideas")
def ideas():
    seed = whole_number(request.args.get("seed"))  # the caller's shuffle seed
    per_page = current_app.config["IDEAS_PER_PAGE"]
    # `q` searches: the same filters, most relevant first unless sorted otherwise.
    browse = queries.parse_idea_search(request.args)
    if browse is not None:
        page = search.search_ideas(browse, per_page)
        rows = [idea_row(idea) for idea in page.items]
        seed = None
    else:
        browse = queries.parse_browse(request.args, seed or 0)
        page = queries.browse_ideas(browse, per_page, as_rows=True)
        rows = page.items
    extra = {"seed": seed} if seed is not None else {}

    url_of = idea_urls()

    def link(number):
        return url_for("api.ideas", _external=True, **browse.args(page=number), **extra)

    return jsonify({
        "items": [idea_json(row, url_of) for row in rows],
        "page": page.number,
        "per_page": per_page,
        "total": page.total,
        # "exact", or "about" (an estimate, for long lists) or "more_than" (searches).
        "total_is": page.total_is,
        "sort": browse.sort,
        "next": link(page.number + 1) if page.has_next else None,
        "prev": link(page.number - 1) if page.has_prev else None,
    })


@bp.get("/ideas/<id:idea_id>")
def idea(idea_id):
    return jsonify(idea_json(or_404(queries.get_public_idea_row(idea_id)), idea_urls()))


@bp.get("/ideas/<id:idea_id>/comments")
def idea_comments(idea_id):
    """Oldest first, a bounded page at a time: a busy idea has hundreds of
    comments, each rendered from Markdown for the response."""
    idea = or_404(queries.get_public_idea(idea_id))
    per_page = queries.API_COMMENTS_PER_PAGE
    page = queries.comments_page(idea.id, page_arg(request.args.get("page")), per_page)

    def link(number):
        return url_for("api.idea_comments", idea_id=idea.id, _external=True,
                       **({"page": number} if number != 1 else {}))

    return jsonify({
        "idea_id": idea.id,
        "items": [comment_json(comment) for comment in page.items],
        "page": page.number,
        "per_page": per_page,
        "total": page.total,
        "next": link(page.number + 1) if page.has_next else None,
        "prev": link(page.number - 1) if page.has_prev else None,
    })
