from flask import Blueprint

# cli_group=None puts the blueprint's commands at the top level: `flask users ...`.
bp = Blueprint("admin", __name__, url_prefix="/admin", cli_group=None)

from . import cli, routes, settings_routes, user_routes  # noqa: E402,F401
