"""Assisted participation: connectors (library, contact-centre and community
staff) enter ideas, comments and supports for residents who are not online;
the resident follows what happened at /track/<reference>; moderators oversee
every entry at /moderation/assisted."""
from flask import Blueprint

bp = Blueprint("assist", __name__)

from . import routes, track_routes  # noqa: E402,F401
