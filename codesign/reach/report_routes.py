"""/staff/reach: the reach report for a service area, a challenge or a
proposal, as a page and as a CSV file of the same (suppressed) figures."""
import csv
import io

from flask import Response, abort, render_template
from flask_babel import gettext as _
from sqlalchemy import select

from ..decorators import role_required
from ..extensions import db
from ..models import Challenge, Proposal, Role, ServiceArea
from ..spreadsheet import neutralise
from . import bp, participants, report, services
from .suppression import THRESHOLD

LATEST = 100  # challenges and proposals listed, newest first; any other by its address


@bp.get("/staff/reach")
@role_required(Role.STAFF)
def index():
    return render_template(
        "reach/index.html",
        areas=db.session.scalars(select(ServiceArea).order_by(ServiceArea.name)).all(),
        challenges=db.session.scalars(select(Challenge).order_by(Challenge.opens_at.desc())
                                      .limit(LATEST)).all(),
        proposals=db.session.scalars(select(Proposal).order_by(Proposal.id.desc())
                                     .limit(LATEST)).all(),
        latest=LATEST,
        asked=services.asked_questions())


def _scope(kind, subject_id):
    scope = participants.scope_of(kind, subject_id)
    if scope is None:
        abort(404)
    return scope


def _page(kind, subject_id):
    scope = _scope(kind, subject_id)
    return render_template("reach/report.html", report=report.build(scope),
                           threshold=THRESHOLD, asked=services.asked_questions())


def _csv(kind, subject_id):
    built = report.build(_scope(kind, subject_id), with_charts=False)
    rows = report.csv_rows(built) if not built.too_few else [[_(
        "Fewer than %(num)d people took part, so no figures are shown.", num=THRESHOLD)]]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
    return Response(buffer.getvalue(), mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="reach-{kind}-{subject_id}.csv"'})


@bp.get("/staff/reach/areas/<id:area_id>")
@role_required(Role.STAFF)
def area_report(area_id):
    return _page(participants.AREA, area_id)


@bp.get("/staff/reach/challenges/<id:challenge_id>")
@role_required(Role.STAFF)
def challenge_report(challenge_id):
    return _page(participants.CHALLENGE, challenge_id)


@bp.get("/staff/reach/proposals/<id:proposal_id>")
@role_required(Role.STAFF)
def proposal_report(proposal_id):
    return _page(participants.PROPOSAL, proposal_id)


@bp.get("/staff/reach/areas/<id:area_id>.csv")
@role_required(Role.STAFF)
def area_csv(area_id):
    return _csv(participants.AREA, area_id)


@bp.get("/staff/reach/challenges/<id:challenge_id>.csv")
@role_required(Role.STAFF)
def challenge_csv(challenge_id):
    return _csv(participants.CHALLENGE, challenge_id)


@bp.get("/staff/reach/proposals/<id:proposal_id>.csv")
@role_required(Role.STAFF)
def proposal_csv(proposal_id):
    return _csv(participants.PROPOSAL, proposal_id)
