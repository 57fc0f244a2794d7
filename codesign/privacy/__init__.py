"""privacy: the privacy notice (/privacy), its cookie list, and the record
of which version of it each person accepted."""
from flask import Blueprint

bp = Blueprint("privacy", __name__, url_prefix="/privacy")

from . import routes  # noqa: E402,F401
