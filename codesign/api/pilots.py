"""Pilots as open data: every pilot that has started, whatever its result.
Planned pilots do not exist here (404), whoever asks. A proportion's
baseline, target and result are fractions (0.05 is 5 percentage points)."""
from flask import abort, jsonify, request, url_for

from ..extensions import db
from ..models import Pilot, PilotStatus
from ..pilots import queries, results
from ..practices.queries import adopted_from
from . import bp


def _iso(moment):
    return moment.isoformat() + "Z" if moment else None


def _number(value):
    return float(value) if value is not None else None


def _measurement(row):
    return {"period_start": row.period_start.isoformat(), "period_end": row.period_end.isoformat(),
            "site": row.site, "n": row.n, "successes": row.successes, "mean": _number(row.mean),
            "sd": _number(row.sd), "cost_per_case": _number(row.cost_per_case)}


def pilot_json(pilot, versions, rows, adopted=None):
    """The record the issue lists, from the pilot, its card versions (oldest
    first) and its figures; `adopted`: the pilot whose practice it adopts."""
    card = versions[-1]
    outcome = results.outcome(card, rows)
    result = outcome.result
    return {
        "id": pilot.id,
        "proposal_id": pilot.proposal_id,
        "title": pilot.title,
        "hypothesis": {"change": card.change, "outcome": card.outcome,
                       "direction": card.direction, "amount": card.amount, "who": card.who,
                       "because": card.because},
        "measure": {"name": card.measure_name, "unit": card.measure_unit, "kind": card.kind,
                    "better": card.better},
        "baseline": {"value": _number(card.baseline_value), "period": card.baseline_period,
                     "source": card.baseline_source},
        "target": _number(card.target),
        "site": card.site,
        "comparison_site": card.comparison_site or None,
        "starts_on": card.starts_on.isoformat(),
        "ends_on": card.ends_on.isoformat(),
        "status": pilot.status,
        "amendments": [{"version": v.version, "reason": v.reason, "created_at": _iso(v.created_at)}
                       for v in versions[1:]],
        "measurements": [_measurement(row) for row in rows],
        "result": {
            "estimate": result.estimate if result else None,
            "ci_low": result.ci_low if result else None,
            "ci_high": result.ci_high if result else None,
            "method": result.method if result else None,
            "n_pilot": result.n_pilot if result else None,
            "n_comparison": result.n_comparison if result else None,
            "proposed_verdict": (pilot.proposed_verdict if pilot.status == "closed"
                                 else outcome.proposed_verdict),
            "verdict": pilot.verdict,
            "conclusion": pilot.conclusion or None,
        },
        "adopted_from": adopted,
        "url": url_for("pilots.detail", pilot_id=pilot.id, _external=True),
    }


@bp.get("/pilots")
def pilots():
    """A page of pilots, each in full, filtered as /pilots is (area, outcome)."""
    browse = queries.parse_browse(request.args, include_planned=False)
    page = queries.browse_pilots(browse)
    ids = [pilot.id for pilot, _card in page.items]
    versions, rows = queries.versions_of(ids), queries.measurements_of(ids)

    def link(number):
        return url_for("api.pilots", _external=True, **browse.args(page=number))

    adopted = adopted_from([pilot.proposal_id for pilot, _card in page.items])
    return jsonify({
        "items": [pilot_json(pilot, versions[pilot.id], rows.get(pilot.id, []),
                             adopted.get(pilot.proposal_id))
                  for pilot, _card in page.items],
        "page": page.number,
        "per_page": page.per_page,
        "total": page.total,
        "next": link(page.number + 1) if page.has_next else None,
        "prev": link(page.number - 1) if page.has_prev else None,
    })


@bp.get("/pilots/<id:pilot_id>")
def pilot(pilot_id):
    found = db.get_or_404(Pilot, pilot_id)
    if found.status == PilotStatus.PLANNED.value:
        abort(404)
    return jsonify(pilot_json(found, queries.versions(found), queries.measurements(found),
                              adopted_from([found.proposal_id]).get(found.proposal_id)))
