"""Practices as open data: every published playbook, its pilot's result (from
the pilot's own figures) and where it has spread: each adoption, its
proposal's status and its pilots' results. Draft playbooks and draft
adoptions do not exist here, whoever asks."""
from flask import abort, jsonify, request, url_for
from flask_login import AnonymousUserMixin

from ..extensions import db
from ..models import Playbook
from ..practices import queries
from . import bp
from .pilots import _iso, _number

# Open data is the same for everyone: what an anonymous visitor may see.
PUBLIC = AnonymousUserMixin()


def _result(pilot, card, outcome):
    result = outcome.result if outcome else None
    return {
        "measure": {"name": card.measure_name, "unit": card.measure_unit, "kind": card.kind,
                    "better": card.better} if card else None,
        "target": _number(card.target) if card else None,
        "estimate": result.estimate if result else None,
        "ci_low": result.ci_low if result else None,
        "ci_high": result.ci_high if result else None,
        "method": result.method if result else None,
        "verdict": pilot.verdict,
    }


def _adoption(view):
    return {
        "id": view.adoption.id,
        "proposal_id": view.proposal.id,
        "proposal_title": view.proposal.title,
        "service_area": view.proposal.service_area.name,
        "team": view.proposal.responsible_team,
        "status": view.proposal.status,
        "verdict": view.verdict,
        "created_at": _iso(view.adoption.created_at),
        "pilots": [{"id": pilot.id, "title": pilot.title, "status": pilot.status,
                    "result": _result(pilot, card, outcome),
                    "url": url_for("api.pilot", pilot_id=pilot.id, _external=True)}
                   for pilot, card, outcome in view.pilots],
    }


def practice_json(playbook, card, outcome, spread, files=None):
    pilot = playbook.pilot
    record = {
        "id": playbook.id,
        "pilot_id": pilot.id,
        "title": playbook.title,
        "summary": playbook.summary,
        "service_area": pilot.service_area.name,
        "steps": playbook.steps,
        "setup_cost": playbook.setup_cost,
        "running_cost": playbook.running_cost,
        "needs": playbook.needs,
        "pitfalls": playbook.pitfalls,
        "contact_team": playbook.contact_team,
        "published_at": _iso(playbook.published_at),
        "result": _result(pilot, card, outcome),
        "adoptions": [_adoption(view) for view in spread.adoptions],
        "adoption_counts": {"total": len(spread.adoptions), "worked": spread.worked,
                            "did_not_work": spread.did_not_work, "under_way": spread.under_way},
        "url": url_for("practices.playbook", pilot_id=pilot.id, _external=True),
    }
    if files is not None:
        record["attachments"] = [
            {"name": f.filename, "content_type": f.content_type, "size": f.size,
             "url": url_for("practices.download", pilot_id=pilot.id, attachment_id=f.id,
                            _external=True)} for f in files]
    return record


@bp.get("/practices")
def practices():
    """A page of published playbooks, filtered and searched as /practices is."""
    browse = queries.parse_browse(request.args)
    page = queries.browse_playbooks(browse)
    pilot_ids = [playbook.pilot_id for playbook in page.items]
    outcomes = queries.outcomes_of(pilot_ids)
    spreads = queries.spreads(pilot_ids, PUBLIC)

    def link(number):
        return url_for("api.practices", _external=True, **browse.args(page=number))

    return jsonify({
        "items": [practice_json(playbook, *outcomes.get(playbook.pilot_id, (None, None)),
                                spreads[playbook.pilot_id]) for playbook in page.items],
        "page": page.number,
        "per_page": page.per_page,
        "total": page.total,
        "next": link(page.number + 1) if page.has_next else None,
        "prev": link(page.number - 1) if page.has_prev else None,
    })


@bp.get("/practices/<id:playbook_id>")
def practice(playbook_id):
    playbook = db.get_or_404(Playbook, playbook_id)
    if not playbook.is_published:
        abort(404)
    card, outcome = queries.outcome_of(playbook.pilot)
    return jsonify(practice_json(playbook, card, outcome,
                                 queries.spread_of(playbook.pilot, PUBLIC),
                                 queries.attachments(playbook)))
