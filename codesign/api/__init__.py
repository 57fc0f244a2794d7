from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import pilots, practices, proposals, routes  # noqa: E402,F401  (they register their routes on bp)
