"""The signed-in person's own account: name, address, password, the browsers
signed in, and a copy of everything the site holds about them."""
from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")

from . import data_routes, routes  # noqa: E402,F401
