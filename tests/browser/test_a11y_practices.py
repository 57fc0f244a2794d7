"""axe-core on the practices pages (the library of what worked, a playbook
with its figures and spread, the playbook form empty and with errors, the
adoption form empty and with errors, the pilot page with its spread, and an
adopting proposal's page), against WCAG 2.0, 2.1 and 2.2 A and
AA: no violation."""
from datetime import date, timedelta

import pytest

from codesign.ideas.services import submit_idea
from codesign.models import ProposalStatus, Role, ServiceArea, User
from codesign.pilots import services as pilots
from codesign.practices import services as practices
from codesign.proposals.services import change_status, promote_idea

from .helpers import audit, sign_in, submit
from .test_a11y_pilots import CARD, Row

pytestmark = pytest.mark.browser

PLAYBOOK = {
    "title": "Sunday afternoons, the playbook", "summary": "More families borrow on Sundays.",
    "steps": "1. Agree the rota.\n2. Open from 1 to 5.", "setup_cost": "£800 for signs",
    "running_cost": "£400 a month", "needs": "- Two staff\n- A volunteer",
    "pitfalls": "Heating was off on the first Sunday.", "contact_team": "Libraries team",
}


@pytest.fixture(scope="module")
def content(live_server):
    site = live_server
    staff_person = site.user("Pat Playbook", role=Role.STAFF.value)
    author_person = site.user("Ann Adopted")
    with site.session() as session:
        staff, author = session.get(User, staff_person.id), session.get(User, author_person.id)
        area = session.get(ServiceArea, site.areas["Libraries"])
        idea = submit_idea(author, "Open libraries on Sunday afternoons", "Families.", area)
        proposal = promote_idea(staff, idea, {
            "title": "Sunday afternoons", "problem": "Closed at weekends.",
            "proposed_change": "Open on Sundays.", "expected_benefits": "More readers.",
            "who_it_affects": "Families.", "cost_band": "under_10k", "service_area": area,
            "responsible_team": "Libraries", "decision_due": date.today() + timedelta(days=90),
        }, "Thank you: this is now a proposal.")
        change_status(staff, proposal, ProposalStatus.APPROVED.value, "Approved.")
        pilot = pilots.create_pilot(staff, proposal, {**CARD, "title": "Sunday afternoons pilot",
                                                      "service_area": area})
        pilots.start(staff, pilot)
        months = [(date(2030, m, 1), date(2030, m, 28)) for m in range(1, 5)]
        pilots.record(staff, pilot, [Row(s, e, site_, 120, 70 if site_ == "pilot" else 48)
                                     for s, e in months for site_ in ("pilot", "comparison")])
        pilots.close(staff, pilot, "worked", "It worked.")
        playbook = practices.save_playbook(staff, pilot, PLAYBOOK, "published")
        other = session.get(ServiceArea, next(
            area_id for name, area_id in site.areas.items() if name != "Libraries"))
        adoption = practices.adopt(staff, pilot, playbook, other, "Another team",
                                   "Sunday afternoons elsewhere", date.today() + timedelta(days=60))
        change_status(staff, adoption.proposal, ProposalStatus.OPEN_FOR_FEEDBACK.value, "Open.")
        change_status(staff, adoption.proposal, ProposalStatus.APPROVED.value, "Approved.")
        pilot_id, adopting_id = pilot.id, adoption.proposal_id
    return {"staff": staff_person, "pilot": pilot_id, "adopting": adopting_id}


@pytest.fixture(scope="module")
def staff_cookies(chromium, live_server, content):
    context = chromium.new_context(base_url=live_server.url)
    try:
        sign_in(context.new_page(), content["staff"])
        return context.storage_state()
    finally:
        context.close()


def library(page, content):
    page.goto("/practices")
    assert page.get_by_text("Sunday afternoons, the playbook").is_visible()


def playbook(page, content):
    page.goto(f"/pilots/{content['pilot']}/playbook")
    assert page.get_by_role("heading", name="Where it has spread").is_visible()


def playbook_form(page, content):
    page.goto(f"/pilots/{content['pilot']}/playbook/edit")


def playbook_form_with_errors(page, content):
    page.goto(f"/pilots/{content['pilot']}/playbook/edit")
    page.get_by_label("Contact team").fill("")
    submit(page, page.get_by_role("button", name="Save the playbook"))
    assert page.title().startswith("Error: ")


def adopt_form(page, content):
    page.goto(f"/pilots/{content['pilot']}/adopt")


def adopt_form_with_errors(page, content):
    page.goto(f"/pilots/{content['pilot']}/adopt")
    page.get_by_label("Decision due by").fill("2020-01-01")
    submit(page, page.get_by_role("button", name="Start the adoption"))
    assert page.title().startswith("Error: ")


def pilot_with_spread(page, content):
    page.goto(f"/pilots/{content['pilot']}")
    assert page.get_by_role("heading", name="Playbook and spread").is_visible()


def adopting_proposal(page, content):
    page.goto(f"/proposals/{content['adopting']}")
    assert page.get_by_role("heading", name="Adopted from a practice that worked").is_visible()


PAGES = [(library, False), (playbook, False), (playbook, True), (playbook_form, True),
         (playbook_form_with_errors, True), (adopt_form, True), (adopt_form_with_errors, True),
         (pilot_with_spread, False), (adopting_proposal, False), (adopting_proposal, True)]


@pytest.mark.parametrize("visit, as_staff", PAGES,
                         ids=[f"{visit.__name__}-{'staff' if s else 'visitor'}"
                              for visit, s in PAGES])
def test_practice_page_has_no_wcag_violations(axe_script, open_page, staff_cookies, content,
                                              visit, as_staff):
    options = {"storage_state": staff_cookies} if as_staff else {}
    page = open_page(bypass_csp=True, **options)
    visit(page, content)
    problems = audit(page, axe_script, f"practices-{visit.__name__}{'-staff' if as_staff else ''}")
    assert not problems, "\n".join(problems)
