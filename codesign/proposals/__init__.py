from flask import Blueprint

bp = Blueprint("proposals", __name__)
# Decision dates are days, not moments: the app-wide "date" filter
# (codesign/localtime.py) shows them as they are.

from . import comment_routes, queries, routes  # noqa: E402,F401
