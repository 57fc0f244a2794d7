"""axe-core on the pilot pages (the list, a pilot with its chart, table,
amendment, result and verdict, the card form empty and with errors, the
figures page), against WCAG 2.0, 2.1 and 2.2 A and AA: no violation."""
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from codesign.ideas.services import submit_idea
from codesign.models import ProposalStatus, Role, ServiceArea, User
from codesign.pilots import services as pilots
from codesign.proposals.services import change_status, promote_idea

from .helpers import audit, sign_in, submit

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Row:
    period_start: date
    period_end: date
    site: str
    n: int
    successes: int
    mean: None = None
    sd: None = None
    cost_per_case: float = 40.5


CARD = {
    "title": "Sunday opening at Central Library", "site": "Central Library",
    "comparison_site": "Northgate Library", "change": "open on Sunday afternoons",
    "outcome": "the share of visitors who borrow", "direction": "rise", "amount": "5 points",
    "who": "families", "because": "weekends are when families are free",
    "measure_name": "Visitors who borrow", "measure_unit": "", "kind": "proportion",
    "better": "higher", "cost_measure": "staff time per visit", "baseline_value": 40,
    "baseline_period": "2024", "baseline_source": "Library system", "target": 5,
    "starts_on": date(2030, 1, 1), "ends_on": date(2030, 6, 30), "stop_rule": "Stop on harm.",
    "data_owner": "Libraries team",
}


@pytest.fixture(scope="module")
def content(live_server):
    site = live_server
    staff_person = site.user("Sal Staff", role=Role.STAFF.value)
    author_person = site.user("Aud Author")
    with site.session() as session:
        staff, author = session.get(User, staff_person.id), session.get(User, author_person.id)
        area = session.get(ServiceArea, site.areas["Libraries"])
        idea = submit_idea(author, "Open on Sundays", "Families are free then.", area)
        proposal = promote_idea(staff, idea, {
            "title": "Sunday opening", "problem": "Closed at weekends.",
            "proposed_change": "Open on Sundays.", "expected_benefits": "More readers.",
            "who_it_affects": "Families.", "cost_band": "under_10k", "service_area": area,
            "responsible_team": "Libraries", "decision_due": date.today() + timedelta(days=90),
        }, "Thank you: this is now a proposal.")
        change_status(staff, proposal, ProposalStatus.APPROVED.value, "Approved.")
        pilot = pilots.create_pilot(staff, proposal, {**CARD, "service_area": area})
        pilots.start(staff, pilot)
        months = [(date(2030, m, 1), date(2030, m, 28)) for m in range(1, 5)]
        pilots.record(staff, pilot, [Row(s, e, site_, 120, 60 if site_ == "pilot" else 48)
                                     for s, e in months for site_ in ("pilot", "comparison")])
        pilots.amend(staff, pilot, {**CARD, "service_area": area, "stop_rule": "Stop at once."},
                     "A clearer stop rule.")
        pilots.close(staff, pilot, "worked", "It *worked*: we open every branch on Sundays.")
        ids = {"pilot": pilot.id, "proposal": proposal.id}
    return {"staff": staff_person, **ids}


@pytest.fixture(scope="module")
def staff_cookies(chromium, live_server, content):
    context = chromium.new_context(base_url=live_server.url)
    try:
        sign_in(context.new_page(), content["staff"])
        return context.storage_state()
    finally:
        context.close()


def pilot_list(page, content):
    page.goto("/pilots")
    assert page.get_by_text("Sunday opening at Central Library").is_visible()


def pilot_page(page, content):
    page.goto(f"/pilots/{content['pilot']}")
    assert page.locator("svg.pilot-chart").is_visible()
    assert page.get_by_text("Amendment 1").is_visible()


def card_form(page, content):
    page.goto(f"/proposals/{content['proposal']}/pilots/new")


def card_form_with_errors(page, content):
    page.goto(f"/proposals/{content['proposal']}/pilots/new")
    page.get_by_label("Ends on").fill("2020-01-01")
    submit(page, page.get_by_role("button", name="Plan the pilot"))
    assert page.title().startswith("Error: ")


PAGES = [(pilot_list, False), (pilot_page, False), (card_form, True),
         (card_form_with_errors, True)]


@pytest.mark.parametrize("visit, as_staff", PAGES, ids=[visit.__name__ for visit, _s in PAGES])
def test_pilot_page_has_no_wcag_violations(axe_script, open_page, staff_cookies, content, visit,
                                           as_staff):
    options = {"storage_state": staff_cookies} if as_staff else {}
    page = open_page(bypass_csp=True, **options)
    visit(page, content)
    problems = audit(page, axe_script, f"pilots-{visit.__name__}{'-staff' if as_staff else ''}")
    assert not problems, "\n".join(problems)
