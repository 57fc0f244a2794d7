from flask import jsonify, render_template
from sqlalchemy import text

from ..extensions import csrf, db
from ..ideas import queries
from . import bp

HOME_TRENDING = 6


@bp.get("/")
def index():
    return render_template(
        "main/index.html",
        challenges=queries.open_challenges(),
        trending=queries.trending_ideas(HOME_TRENDING),
    )


@bp.get("/healthz")
@csrf.exempt
def healthz():
    db.session.execute(text("SELECT 1"))
    return jsonify({"status": "ok"})
