"""accessibility: the accessibility statement (/accessibility), the form that
reports a problem with the site's accessibility, and the staff list of those
reports."""
from flask import Blueprint

bp = Blueprint("accessibility", __name__, url_prefix="/accessibility")

from . import routes  # noqa: E402,F401
