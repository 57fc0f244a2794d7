"""Who is being heard: profile questions people may answer about
themselves, the reference population, and the reach report for staff.

One blueprint with no URL prefix, because its pages sit where their readers
look for them: /account/about-you (the person's own answers), /admin/reach
(which questions, the places, the reference shares) and /staff/reach (the
report). Answers are only ever read in aggregate, suppressed as report.py
describes."""
from flask import Blueprint

bp = Blueprint("reach", __name__)

from . import account_routes, admin_routes, report_routes  # noqa: E402,F401
