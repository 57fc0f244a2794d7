"""On the pilot page, its playbook and where it has spread (or, for an
adopting pilot, what it adopted); on the proposal page of an adoption, the
practice it adopts with its credits and the way to plan its own pilot, the
card pre-filled from the original (codesign/panels.py)."""
from decimal import Decimal

from .. import panels, permissions
from ..extensions import db
from ..models import Pilot
from . import queries

# The card fields an adopting pilot starts from; never the baseline, which is its own.
CARRIED = ("change", "outcome", "direction", "who", "because", "measure_name", "measure_unit",
           "kind", "better", "cost_measure")


def _pilot_facts(_user):
    return queries.PILOT_FACTS


def _pilot(pilot, user, answers):
    """Reads only what the facts say is there: a pilot with no playbook and
    no adoption either way costs no statement here."""
    playbook = (queries.playbook_of(pilot)
                if answers[queries.PILOT_HAS_PLAYBOOK.name] else None)
    adoption = (queries.adoption_for_proposal(pilot.proposal_id)
                if answers[queries.PILOT_IS_ADOPTION.name] else None)
    source = None
    if adoption is not None:
        found = db.session.get(Pilot, adoption.source_pilot_id)
        source = found if found is not None and permissions.can_see_pilot(user, found) else None
    spread = (queries.spread_of(pilot, user) if answers[queries.PILOT_IS_ADOPTED.name]
              else queries.Spread([]))
    shown = playbook if permissions.can_see_playbook(user, playbook) else None
    writable = permissions.can_write_playbook(user, pilot)
    if shown is None and not writable and source is None and not spread.adoptions:
        return None
    return {"pilot": pilot, "playbook": shown, "writable": writable, "source": source,
            "spread": spread}


def target_from(card, outcome):
    """The original effect, in the card form's terms (percentage points for a
    proportion), as an adopting pilot's target; None if it had none."""
    result = outcome.result if outcome else None
    if card is None or result is None:
        return None
    gain = float(result.estimate) * (1 if card.better == "higher" else -1)
    if gain <= 0:
        return None
    if card.kind == "proportion":
        gain *= 100
    return Decimal(f"{gain:.2f}").normalize()


def card_prefill(source):
    """Query arguments that start an adopting pilot's card from the original's."""
    card, outcome = queries.outcome_of(source)
    args = {name: getattr(card, name) for name in CARRIED if getattr(card, name)}
    target = target_from(card, outcome)
    if target is not None:
        args["target"] = format(target, "f")
    return args


def _proposal_facts(_user):
    return (queries.PROPOSAL_IS_ADOPTION,)


def _proposal(proposal, user, answers):
    if not answers[queries.PROPOSAL_IS_ADOPTION.name]:
        return None
    adoption = queries.adoption_for_proposal(proposal.id)
    if adoption is None:
        return None
    source = db.session.get(Pilot, adoption.source_pilot_id)
    if source is None or not permissions.can_see_pilot(user, source):
        return None
    data = {"proposal": proposal, "adoption": adoption, "source": source,
            "credits": queries.credits(source), "prefill": None}
    if permissions.can_create_pilot(user, proposal):
        data["prefill"] = card_prefill(source)
    return data


def register(app):
    panels.register(app, "pilot", panels.Panel(
        "practices", "practices/_pilot_panel.html", _pilot, order=30, facts=_pilot_facts))
    panels.register(app, "proposal", panels.Panel(
        "practices", "practices/_proposal_panel.html", _proposal, order=25,
        facts=_proposal_facts))
    # Hear of a pilot closing, to tell the residents behind an adopted idea.
    from .. import signals
    from .services import on_pilot_closed
    signals.pilot_closed.connect(on_pilot_closed)
