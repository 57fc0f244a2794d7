from flask import Blueprint
from flask_babel import format_date

bp = Blueprint("proposals", __name__)
# Decision dates are days, not moments: no time zone to convert.
bp.add_app_template_filter(format_date, "date")

from . import comment_routes, queries, routes  # noqa: E402,F401
