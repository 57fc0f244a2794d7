"""Playbooks and adoptions at scale: most seeded pilots that worked get a
playbook (nearly all published), and some published ones are adopted by
other service areas, each adoption a new proposal at an early stage.
Reads the pilots already written in this transaction, so it runs after
write_pilots whatever that chose."""
import calendar

from sqlalchemy import select

from ..models import Adoption, Follow, Pilot, Playbook, Proposal, ProposalStatusChange
from .writer import day, html, stamp

DAY = 86_400
STEPS = ("1. Agree the change with the team.\n2. Try it at one site for six months.\n"
         "3. Record the figures every month.")
NEEDS = "- One lead officer\n- Two days' training\n- The case system's monthly report"
PITFALLS = "The first month's figures were late: agree who reports them before you start."
# The stages an adopting proposal may have reached, each after the one before.
STAGES = ("draft", "open_for_feedback", "approved")


def _seconds(moment):
    return calendar.timegm(moment.timetuple())


def write_practices(world, writer):
    rng = world.rng
    pilots = writer.connection.execute(
        select(Pilot.id, Pilot.title, Pilot.service_area_id, Pilot.closed_at, Pilot.created_by_id)
        .where(Pilot.status == "closed", Pilot.verdict == "worked",
               Pilot.id.not_in(select(Playbook.pilot_id))).order_by(Pilot.id)).all()
    areas = dict(world.areas)
    first = {table: writer.next_id(table.__table__)
             for table in (Playbook, Proposal, ProposalStatusChange, Adoption, Follow)}
    playbooks, proposals, changes, adoptions, follows = [], [], [], [], []
    for pilot_id, title, area_id, closed_at, staff_id in pilots:
        if rng.random() >= 0.8:
            continue
        written = min(_seconds(closed_at) + 14 * DAY, world.now)
        published = rng.random() < 0.9
        playbooks.append((
            first[Playbook] + len(playbooks), pilot_id, "published" if published else "draft",
            f"How to repeat {title}"[:140], "What worked, and how to do it again.",
            STEPS, html(STEPS), NEEDS, html(NEEDS), PITFALLS, html(PITFALLS),
            f"£{rng.randint(1, 40) * 500:,}", f"£{rng.randint(1, 30) * 50:,} a month",
            f"{areas.get(area_id, 'Service')} team", staff_id, stamp(written), stamp(written),
            stamp(written) if published else None))
        others = [other for other in areas if other != area_id]
        if not published or not others or rng.random() >= 0.4:
            continue
        for _n in range(rng.randint(1, 3)):
            created = min(written + rng.randint(1, 60) * DAY, world.now)
            proposal_id = first[Proposal] + len(proposals)
            adopter = rng.choice(others)
            stage = rng.randrange(len(STAGES))
            text = f"Adopt {title}, which worked elsewhere, following its playbook."
            proposals.append((
                proposal_id, f"Adopting {title}"[:140], text, text, text, text,
                html(text), html(text), html(text), html(text), "unknown", adopter,
                f"{areas[adopter]} team", day(created + 90 * DAY), STAGES[stage], staff_id,
                stamp(created), stamp(created), 0))
            for step in range(stage + 1):
                response = f"Adopted from the pilot “{title}”." if step == 0 else "Moved on."
                changes.append((first[ProposalStatusChange] + len(changes), proposal_id,
                                STAGES[step - 1] if step else None, STAGES[step], response,
                                html(response), staff_id, stamp(created + step)))
            adoptions.append((first[Adoption] + len(adoptions), pilot_id, proposal_id, staff_id,
                              stamp(created)))
            # Staff follow the proposals they make, as adopt() does.
            follows.append((first[Follow] + len(follows), staff_id, proposal_id, stamp(created)))
    writer.insert(Playbook.__table__, (
        "id", "pilot_id", "state", "title", "summary", "steps", "steps_html", "needs",
        "needs_html", "pitfalls", "pitfalls_html", "setup_cost", "running_cost", "contact_team",
        "created_by_id", "created_at", "updated_at", "published_at"), playbooks)
    writer.insert(Proposal.__table__, (
        "id", "title", "problem", "proposed_change", "expected_benefits", "who_it_affects",
        "problem_html", "proposed_change_html", "expected_benefits_html", "who_it_affects_html",
        "cost_band", "service_area_id", "responsible_team", "decision_due", "status",
        "created_by_id", "created_at", "updated_at", "comment_count"), proposals)
    writer.insert(ProposalStatusChange.__table__, (
        "id", "proposal_id", "from_status", "to_status", "response", "response_html", "author_id",
        "created_at"), changes)
    writer.insert(Adoption.__table__, (
        "id", "source_pilot_id", "proposal_id", "created_by_id", "created_at"), adoptions)
    writer.insert(Follow.__table__, ("id", "user_id", "proposal_id", "created_at"), follows)
