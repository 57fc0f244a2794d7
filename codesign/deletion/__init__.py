from flask import Blueprint

# Two addresses, for the person (/account/delete) and for an admin acting on
# their behalf (/admin/users/<id>/delete): no common prefix.
bp = Blueprint("deletion", __name__)

from . import routes  # noqa: E402,F401
