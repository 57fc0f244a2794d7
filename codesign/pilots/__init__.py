"""Pilots: proposals tried out as pre-registered experiments, with their results published.

The core (stats.py, verdict.py, csvfile.py, chart.py) imports no Flask, no database
and nothing from other codesign packages, so it can be tested and reused on its own.
The rest is the blueprint: the experiment card, figures, results, the list and the
panels other pages show (queries.pilots_for_proposal, queries.pilot_events_for_idea)."""
from flask import Blueprint

bp = Blueprint("pilots", __name__)

from . import figure_routes, routes  # noqa: E402,F401
