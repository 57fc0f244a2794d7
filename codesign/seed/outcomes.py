"""What staff did with the ideas: statuses with official responses, proposals
made from the most supported ones, and each proposal's own timeline. Every
step happens after what it depends on (ready for review, the proposal's
previous step) and before now; a step that would land in the future is left
undone, so recent ideas are still waiting."""
from ..models import CostBand, Follow, Idea, IdeaStatusChange, Proposal, ProposalStatusChange
from . import words
from .world import DAY
from .writer import day, html, stamp

MARKDOWN = ("problem", "proposed_change", "expected_benefits", "who_it_affects")
# Shares of ideas that reached the review threshold, and of those that did not.
READY_OUTCOMES = (("published", 0.35), ("under_review", 0.25), ("promoted", 0.03),
                  ("not_taken_forward", 0.20), ("already_planned", 0.17))
QUIET_OUTCOMES = (("published", 0.94), ("under_review", 0.02), ("not_taken_forward", 0.025),
                  ("already_planned", 0.015))
# How far each proposal got, and how long each step takes (days).
PROPOSAL_ENDS = (("draft", 0.10), ("open_for_feedback", 0.35), ("approved", 0.15),
                 ("in_pilot", 0.15), ("implemented", 0.10), ("not_taken_forward", 0.10),
                 ("dropped_after_pilot", 0.05))
STEPS = {"open_for_feedback": (0, 3), "approved": (30, 90), "in_pilot": (30, 120),
         "implemented": (60, 180), "not_taken_forward": (30, 90)}
PATH = ("draft", "open_for_feedback", "approved", "in_pilot", "implemented")
# Not taken forward straight from the feedback, or only after a pilot that
# did not work or could not tell (seed/pilots.py).
DROPPED = ("open_for_feedback", "not_taken_forward")
DROPPED_AFTER_PILOT = ("open_for_feedback", "approved", "in_pilot", "not_taken_forward")


def _pick(rng, table):
    return rng.choices([name for name, _ in table], [share for name, share in table])[0]


def _respond(world, idea):
    """Plan idea.status and idea.history; returns when it can be promoted, if chosen."""
    rng = world.rng
    if idea.target is not None:
        idea.history.append(("published", "duplicate", idea.merged_at))
    if idea.history:
        idea.status = idea.history[-1][1]
        return None
    if idea.hidden_at or idea.withdrawn_at:
        return None
    wanted = _pick(rng, READY_OUTCOMES if idea.ready_at else QUIET_OUTCOMES)
    latest = world.now - 3600
    review = (idea.ready_at or idea.created) + rng.randint(DAY, 45 * DAY)
    final = review + rng.randint(5 * DAY, 90 * DAY)
    if wanted == "published" or review > latest:
        return None
    if wanted == "under_review" or (final > latest and rng.random() < 0.5):
        idea.history.append(("published", "under_review", review))
        idea.status = "under_review"
        return None
    if wanted == "promoted":
        if final <= latest and rng.random() < 0.5:
            idea.history.append(("published", "under_review", review))
            idea.status = "under_review"
            return final
        return review
    if final <= latest and rng.random() < 0.5:
        idea.history += [("published", "under_review", review), ("under_review", wanted, final)]
    else:
        idea.history.append(("published", wanted, review))
    idea.status = wanted
    return None


def plan_outcomes(world):
    rng = world.rng
    promotable = []
    for idea in world.ideas:
        when = _respond(world, idea)
        if when is not None:
            promotable.append((idea.area, when, idea))
    if not promotable:
        # Even a small seed shows a proposal: staff promote the best supported idea.
        live = [i for i in world.ideas if i.status in ("published", "under_review")
                and not (i.hidden_at or i.withdrawn_at or i.merged_at)
                and (i.history[-1][2] if i.history else i.created) < world.now - 2 * 3600]
        if live:
            best = max(live, key=lambda i: i.supports)
            start = best.history[-1][2] if best.history else best.created
            promotable.append((best.area, world.between(start + 60, world.now - 3600), best))
    promotable.sort(key=lambda row: (row[0], row[1]))
    while promotable:
        size = min(rng.choice((1, 1, 1, 2, 3)), len(promotable))
        group = [promotable.pop(0)]
        while len(group) < size and promotable and promotable[0][0] == group[0][0]:
            group.append(promotable.pop(0))
        _propose(world, [idea for _area, _when, idea in group], max(when for _a, when, _i in group))


def _propose(world, sources, created):
    rng = world.rng
    proposal = {"id": len(world.proposals), "sources": sources, "created": created,
                "area": sources[0].area, "author": rng.choice(world.staff),
                "history": [(None, "draft", created)], "feedback": None, "comments": 0}
    for idea in sources:
        idea.history.append((idea.status, "promoted", created))
        idea.status = "promoted"
        idea.proposal = proposal
    end = _pick(rng, PROPOSAL_ENDS)
    steps = {"not_taken_forward": DROPPED, "dropped_after_pilot": DROPPED_AFTER_PILOT}.get(
        end, PATH[1:])
    end = steps[-1] if end == "dropped_after_pilot" else end
    when = created
    for step in steps:
        if proposal["history"][-1][1] == end:
            break
        low, high = STEPS[step]
        when += rng.randint(low * DAY, high * DAY) + 600
        if when > world.now - 3600:
            break
        proposal["history"].append((proposal["history"][-1][1], step, when))
    opened = [t for _f, to, t in proposal["history"] if to == "open_for_feedback"]
    if opened:
        after = [t for _f, _to, t in proposal["history"] if t > opened[0]]
        proposal["feedback"] = (opened[0], min(after + [world.now - 60]))
    world.proposals.append(proposal)


def write_proposals(world, writer):
    rng = world.rng
    first = writer.next_id(Proposal.__table__)
    names = dict(world.areas)
    rows = []
    for proposal in world.proposals:
        proposal["id"] += first
        lead = proposal["sources"][0]
        text = words.proposal_text(rng, lead.title)
        rows.append((proposal["id"], f"Proposal: {lead.title}"[:140],
                     *(text[name] for name in MARKDOWN), *(html(text[name]) for name in MARKDOWN),
                     rng.choice(list(CostBand)).value, proposal["area"],
                     f"{names[proposal['area']]} team", day(proposal["created"] + 90 * DAY),
                     proposal["history"][-1][1], proposal["author"], stamp(proposal["created"]),
                     stamp(proposal["history"][-1][2]), 0))
    writer.insert(Proposal.__table__, (
        "id", "title", *MARKDOWN, *(f"{name}_html" for name in MARKDOWN), "cost_band",
        "service_area_id", "responsible_team", "decision_due", "status", "created_by_id",
        "created_at", "updated_at", "comment_count"), rows)

    first = writer.next_id(ProposalStatusChange.__table__)
    changes = []
    for proposal in world.proposals:
        for from_status, to_status, when in proposal["history"]:
            response = words.PROPOSAL_RESPONSES[to_status].format(
                area=names[proposal["area"]], district=rng.choice(words.DISTRICTS))
            changes.append((first + len(changes), proposal["id"], from_status, to_status,
                            response, html(response), proposal["author"], stamp(when)))
    writer.insert(ProposalStatusChange.__table__, (
        "id", "proposal_id", "from_status", "to_status", "response", "response_html", "author_id",
        "created_at"), changes)


def finish_rows(world, writer):
    """The columns only known once supports, comments and outcomes are planned."""
    writer.update(Proposal.__table__, ("comment_count",),
                  [(proposal["comments"], proposal["id"]) for proposal in world.proposals])
    writer.update(Idea.__table__, (
        "status", "duplicate_of_id", "proposal_id", "comment_count", "engaged_at",
        "ready_for_review_at"), [
        (idea.status, idea.target and idea.target.id, idea.proposal and idea.proposal["id"],
         idea.comments, idea.engaged_at and stamp(idea.engaged_at),
         idea.ready_at and stamp(idea.ready_at), idea.id)
        for idea in world.ideas
    ])
    rng = world.rng
    names = dict(world.areas)
    first = writer.next_id(IdeaStatusChange.__table__)
    changes = []
    for idea in world.ideas:
        for from_status, to_status, when in idea.history:
            response = words.STATUS_RESPONSES[to_status].format(
                area=names[idea.area], target=idea.target and idea.target.id)
            changes.append((first + len(changes), idea.id, from_status, to_status, response,
                            html(response), rng.choice(world.staff), stamp(when)))
    writer.insert(IdeaStatusChange.__table__, (
        "id", "idea_id", "from_status", "to_status", "response", "response_html", "author_id",
        "created_at"), changes)


def write_follows(world, writer):
    """Authors follow their ideas; staff and co-designers follow proposals."""
    first = writer.next_id(Follow.__table__)

    def rows():
        next_id = first
        for idea in world.ideas:
            yield (next_id, idea.author, idea.id, None, stamp(idea.created))
            next_id += 1
        for proposal in world.proposals:
            people = dict.fromkeys([proposal["author"]] + [i.author for i in proposal["sources"]])
            for user in people:
                yield (next_id, user, None, proposal["id"], stamp(proposal["created"]))
                next_id += 1

    writer.insert(Follow.__table__, ("id", "user_id", "idea_id", "proposal_id", "created_at"),
                  rows())
