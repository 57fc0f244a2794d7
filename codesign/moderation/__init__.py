from flask import Blueprint

bp = Blueprint("moderation", __name__)

from . import resident_routes, routes  # noqa: E402,F401
