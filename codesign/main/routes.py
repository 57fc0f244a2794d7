from pathlib import Path

from flask import (
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_login import current_user
from sqlalchemy import text

from .. import language, pagecache, permissions
from ..extensions import csrf, db
from ..ideas import queries
from ..proposals.queries import Browse as ProposalBrowse
from ..search import IdeaSearch, clean_query, search_ideas, search_proposals
from ..web import safe_next
from . import bp

HOME_TRENDING = 6
SEARCH_PREVIEW = 10


@bp.get("/")
@pagecache.for_visitors()
def index():
    return render_template(
        "main/index.html",
        challenges=queries.open_challenges(),
        trending=queries.trending_ideas(HOME_TRENDING),
        taking_ideas=queries.taking_ideas(),
    )


@bp.get("/language/<code>")
def choose_language(code):
    """The language switch: a plain link, so it works without JavaScript.
    The choice is kept in a cookie, and in the account of someone signed in."""
    if code not in language.offered():
        abort(404)
    if current_user.is_authenticated and current_user.locale != code:
        current_user.locale = code
        db.session.commit()
    response = redirect(safe_next(request.args.get("next"), url_for("main.index")))
    return language.remember(response, code)


@bp.get("/search")
@pagecache.for_visitors()
# Staff find drafts too: their kept results are their own.
@pagecache.for_signed_in(vary=lambda: permissions.is_staff(current_user))
def search():
    """The most relevant ideas and proposals, each with a link to all of them
    in its own list, where the filters apply too."""
    q = clean_query(request.args.get("q"))
    ideas = proposals = None
    if q:
        ideas = search_ideas(IdeaSearch(q=q), SEARCH_PREVIEW)
        proposals = search_proposals(q, ProposalBrowse(), SEARCH_PREVIEW,
                                     include_drafts=permissions.is_staff(current_user))
    return render_template("main/search.html", q=q, ideas=ideas, proposals=proposals)


@bp.get("/healthz")
@csrf.exempt
def healthz():
    db.session.execute(text("SELECT 1"))
    return jsonify({"status": "ok"})


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page links; the pages link
    the SVG (static/images/favicon.svg), and this is its 32-pixel twin."""
    return send_from_directory(Path(current_app.static_folder) / "images", "favicon.ico",
                               mimetype="image/vnd.microsoft.icon", max_age=86400)


@bp.get("/open-data")
@pagecache.for_visitors()
def open_data():
    """What the API and the exports offer, for residents and reusers, with links."""
    return render_template("main/open_data.html")
