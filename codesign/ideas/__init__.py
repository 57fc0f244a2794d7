from flask import Blueprint

bp = Blueprint("ideas", __name__, url_prefix="/ideas")

from . import comment_routes, routes  # noqa: E402,F401
