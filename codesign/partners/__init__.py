"""Partners who help deliver: organisations registered by residents and
confirmed by an admin, the accounts that belong to them, their offers of help
on ideas and proposals (accepted by staff and credited), and the residents
who join a proposal's design group.

Other areas' pages credit them through queries.credits_for_proposal and
queries.credits_for_pilot with the partial templates/partners/_credits.html."""
from flask import Blueprint

from .labels import LABELS

bp = Blueprint("partners", __name__)
# The kinds and states in words, for this area's pages and its panels on others'.
bp.add_app_template_global(LABELS, "partner_labels")

from . import group_routes, offer_routes, routes  # noqa: E402,F401
