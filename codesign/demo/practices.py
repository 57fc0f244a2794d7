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
    "title": "Two-hour repair slots, with a text when the operative is near",
    "summary": "More repairs fixed at the first visit, for less per repair.",
    "steps": "1. Split each operative's day into four two-hour slots.\n"
             "2. Let tenants choose a slot when they report a repair.\n"
             "3. Text the tenant when the operative is 30 minutes away.\n"
             "4. Ask, in the text, what is wrong, so the right parts come on the first visit.",
    "setup_cost": "£6,500: the scheduling module and two days' training",
    "running_cost": "About £300 a month in texts",
    "needs": "- A scheduler who knows the operatives' patches\n"
             "- Operatives with phones that share their location\n"
             "- A text messaging account",
    "pitfalls": "Slots late in the day overran in the first month: keep the last slot short. "
                "Some tenants had no mobile number on file; ask for one when they report.",
    "contact_team": "Housing Repairs performance team",
}
COSTS_CSV = (b"item,one-off,per month\nscheduling module,4500,\ntraining (two days),2000,\n"
             b"texts,,300\n")


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
    area = db.session.scalar(select(ServiceArea).where(
        ServiceArea.id != pilot.service_area_id).order_by(ServiceArea.id))
    if area is None:
        return 1
    adoption = services.adopt(staff, pilot, playbook, area, f"{area.name} team",
                              f"Two-hour slots for {area.name.lower()} visits",
                              now.date() + timedelta(days=45))
    proposal = adoption.proposal
    change_status(staff, proposal, ProposalStatus.OPEN_FOR_FEEDBACK.value,
                  "Adopted from the repairs pilot that worked: tell us what you think.")
    change_status(staff, proposal, ProposalStatus.APPROVED.value,
                  "Approved: we will run our own pilot before going further.")
    values = pilot_services.form_values(pilot, pilot_queries.current_card(pilot))
    target = panels.target_from(*queries.outcome_of(pilot))
    values.update(
        title=f"Two-hour slots in {area.name}", service_area=area,
        site=f"{area.name}: north patch", comparison_site=f"{area.name}: south patch (as before)",
        baseline_value=Decimal("55"), baseline_period="The last twelve months",
        baseline_source=f"{area.name} visits log",
        target=target if target is not None else values["target"],
        starts_on=now.date() + timedelta(days=60), ends_on=now.date() + timedelta(days=240),
        data_owner=f"{area.name} team")
    pilot_services.create_pilot(staff, proposal, values)
    return 1
