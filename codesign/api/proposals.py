"""Proposals as open data. Drafts do not exist here (404), whoever asks;
source ideas that are hidden are left out, and nobody's email is shown."""
from flask import abort, jsonify, request, url_for

from .. import search
from ..extensions import db
from ..models import Proposal, ProposalStatus
from ..proposals import queries
from ..proposals.services import MARKDOWN_FIELDS
from . import bp


def _iso(moment):
    return moment.isoformat() + "Z" if moment else None


def _summary(proposal):
    return {
        "id": proposal.id,
        "title": proposal.title,
        "status": proposal.status,
        "service_area": {"id": proposal.service_area.id, "name": proposal.service_area.name},
        "cost_band": proposal.cost_band,
        "responsible_team": proposal.responsible_team,
        "decision_due": proposal.decision_due.isoformat(),
        "comment_count": proposal.comment_count,
        "created_at": _iso(proposal.created_at),
        "url": url_for("proposals.detail", proposal_id=proposal.id, _external=True),
        "api_url": url_for("api.proposal", proposal_id=proposal.id, _external=True),
    }


def proposal_json(proposal):
    data = _summary(proposal)
    for name in MARKDOWN_FIELDS:
        data[name] = getattr(proposal, name)
        data[f"{name}_html"] = getattr(proposal, f"{name}_html")
    sources = queries.source_ideas(proposal)
    data["source_ideas"] = [
        {"id": idea.id, "title": idea.title,
         "url": url_for("ideas.detail", idea_id=idea.id, _external=True),
         "api_url": url_for("api.idea", idea_id=idea.id, _external=True)}
        for idea in sources
    ]
    data["co_designers"] = list(dict.fromkeys(idea.author.display_name for idea in sources))
    data["updated_at"] = _iso(proposal.updated_at)
    data["timeline"] = [
        {"from_status": change.from_status, "to_status": change.to_status,
         "response": change.response, "response_html": change.response_html,
         "created_at": _iso(change.created_at)}
        for change in queries.timeline(proposal)
    ]
    return data


@bp.get("/proposals")
def proposals():
    browse = queries.parse_browse(request.args, include_drafts=False)
    q = search.clean_query(request.args.get("q"))
    if q:
        browse = search.ProposalSearch(q, browse)
        page = search.search_proposals(q, browse, queries.PER_PAGE)
    else:
        page = queries.browse_proposals(browse, include_drafts=False)

    def link(number):
        return url_for("api.proposals", _external=True, **browse.args(page=number))

    return jsonify({
        "items": [_summary(proposal) for proposal in page.items],
        "page": page.number,
        "per_page": page.per_page,
        "total": page.total,
        "next": link(page.number + 1) if page.has_next else None,
        "prev": link(page.number - 1) if page.has_prev else None,
    })


@bp.get("/proposals/<id:proposal_id>")
def proposal(proposal_id):
    found = db.get_or_404(Proposal, proposal_id)
    if found.status == ProposalStatus.DRAFT.value:
        abort(404)
    return jsonify(proposal_json(found))
