"""brand: the council's stylesheet and logo, served from the settings, and
the checks a colour and a logo pass before they are saved."""
from flask import Blueprint

bp = Blueprint("brand", __name__, url_prefix="/brand")

from . import routes  # noqa: E402,F401
