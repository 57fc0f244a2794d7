"""Practices: what worked, written down so it spreads. A playbook for a pilot
that closed as "worked" (with attached files), the library of them at
/practices, and adoption by another service: a new proposal, pre-filled
from the playbook, that runs its own pilot. The original shows where it has
spread, and the residents behind the original idea hear of it."""
from flask import Blueprint

bp = Blueprint("practices", __name__)

from . import adopt_routes, routes  # noqa: E402,F401
