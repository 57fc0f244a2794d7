"""Demo practices: the demo's pilot that worked gets a published playbook
(with a spreadsheet of its costs attached), and another service area adopts
it: a proposal that went through its stages and has its own pilot planned,
its target taken from the original effect and its baseline its own. All
through the services, so the notifications are what the site would send."""
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from ..extensions import db
from ..models import Pilot, PilotStatus, PilotVerdict, ProposalStatus, ServiceArea, User
from ..pilots import queries as pilot_queries
from ..pilots import services as pilot_services
from ..practices import panels, queries, services
from ..proposals.services import change_status

PLAYBOOK = {
    "title": "A live missed-bin list on the crews' tablets",
    "summary": "More missed bins put right by the next working day, for less per bin.",
    "steps": "1. Send every missed-bin report straight to the tablet of the crew on that round.\n"
             "2. Show the reports on a map, nearest first, while the crew is still out.\n"
             "3. Let the crew mark a bin done, so the resident's report closes itself.\n"
             "4. Send what is left at the end of the round to the next day's first crew.",
    "setup_cost": "£4,500: the tablet app's set-up and a morning's training for each crew",
    "running_cost": "About £120 a month in mobile data",
    "needs": "- A tablet in every cab, mounted where the driver need not touch it\n"
             "- A supervisor who checks the list at the end of each round\n"
             "- The case system able to send reports out as they come in",
    "pitfalls": "Crews must never be asked to use the tablet while driving: the crews' union "
                "asked for this to be in the stop rule, and it was. Reports with no house number "
                "could not be found on the map; ask for one on the report form.",
    "contact_team": "Waste Services performance team",
}
COSTS_CSV = (b"item,one-off,per month\ntablet app set-up,3000,\ntraining (one morning a crew),1500,\n"
             b"mobile data,,120\n")
# The service area that adopts it, if the site has one by that name.
ADOPTING_AREA = "Parks and green spaces"


def add_demo_practices(now):
    """Returns how many playbooks were written (0 without a pilot that worked)."""
    pilot = db.session.scalar(select(Pilot).where(
        Pilot.status == PilotStatus.CLOSED.value, Pilot.verdict == PilotVerdict.WORKED.value)
        .order_by(Pilot.id))
    staff = db.session.scalar(select(User).where(User.role == "staff").order_by(User.id))
    if pilot is None or staff is None:
        return 0
    playbook = services.save_playbook(staff, pilot, PLAYBOOK, "published")
    services.attach(staff, playbook, "costs.csv", COSTS_CSV, max_bytes=len(COSTS_CSV))
    others = select(ServiceArea).where(ServiceArea.id != pilot.service_area_id)
    area = (db.session.scalar(others.where(ServiceArea.name == ADOPTING_AREA))
            or db.session.scalar(others.order_by(ServiceArea.id)))
    if area is None:
        return 1
    adoption = services.adopt(staff, pilot, playbook, area, f"{area.name} team",
                              f"A live list of full litter bins: {area.name}",
                              now.date() + timedelta(days=45))
    proposal = adoption.proposal
    change_status(staff, proposal, ProposalStatus.OPEN_FOR_FEEDBACK.value,
                  "Adopted from the missed-bin pilot that worked: tell us what you think.")
    change_status(staff, proposal, ProposalStatus.APPROVED.value,
                  "Approved: we will run our own pilot before going further.")
    values = pilot_services.form_values(pilot, pilot_queries.current_card(pilot))
    target = panels.target_from(*queries.outcome_of(pilot))
    values.update(
        title=f"Live litter-bin list: {area.name}", service_area=area,
        measure_name="Full litter bins emptied by the next working day",
        site=f"{area.name}: the northern parks",
        comparison_site=f"{area.name}: the southern parks (as before)",
        baseline_value=Decimal("55"), baseline_period="The last twelve months",
        baseline_source=f"{area.name} reports log",
        target=target if target is not None else values["target"],
        starts_on=now.date() + timedelta(days=60), ends_on=now.date() + timedelta(days=240),
        data_owner=f"{area.name} team")
    pilot_services.create_pilot(staff, proposal, values)
    return 1
