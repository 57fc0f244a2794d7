"""axe-core on the partners' pages (the list, the register form empty and
with errors, the admin's page, the design group page with its message form,
the join form and the offer form, a partner's page for a visitor and for the
admin, and the staff dashboard with an offer waiting), against WCAG 2.0, 2.1 and 2.2 A and AA:
no violation."""
from datetime import date, timedelta

import pytest

from codesign.ideas.services import submit_idea
from codesign.models import Role, ServiceArea, User
from codesign.partners import services as partners
from codesign.proposals.services import promote_idea

from .helpers import audit, sign_in, submit

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def content(live_server):
    site = live_server
    admin_person = site.user("Ada Admin", role=Role.ADMIN.value)
    staff_person = site.user("Sal Staff", role=Role.STAFF.value)
    member_person = site.user("Mia Member")
    resident_person = site.user("Ron Resident")
    with site.session() as session:
        admin, staff = session.get(User, admin_person.id), session.get(User, staff_person.id)
        member, resident = session.get(User, member_person.id), session.get(User, resident_person.id)
        area = session.get(ServiceArea, site.areas["Libraries"])
        idea = submit_idea(member, "Homework club in the library", "After school.", area)
        proposal = promote_idea(staff, idea, {
            "title": "After-school homework club", "problem": "Nowhere quiet to study.",
            "proposed_change": "A club.", "expected_benefits": "Better marks.",
            "who_it_affects": "Pupils.", "cost_band": "under_10k", "service_area": area,
            "responsible_team": "Libraries", "decision_due": date.today() + timedelta(days=90),
        }, "Thank you: this is now a proposal.")
        charity = partners.register_partner(member, "Study Buddies", "charity",
                                            "https://studybuddies.example.org", "We *tutor*.")
        partners.confirm_partner(admin, charity)
        partners.register_partner(resident, "Quiet Rooms Ltd", "business",
                                  "https://quietrooms.example.org", "Rooms to rent.")
        offer = partners.offer_help(member, "volunteers", "Four tutors.", proposal=proposal)
        partners.decide_offer(staff, offer, True)
        partners.join_design_group(resident, proposal, "I can test it with my son.", True)
        partners.offer_help(member, "venue", "Our hall on Tuesdays.", idea=idea)  # waiting
        ids = {"proposal": proposal.id, "idea": idea.id, "partner": charity.id}
    return {"admin": admin_person, "staff": staff_person, "member": member_person,
            "resident": resident_person, **ids}


@pytest.fixture(scope="module")
def cookies(chromium, live_server, content):
    found = {}
    for role in ("admin", "staff", "member", "resident"):
        context = chromium.new_context(base_url=live_server.url)
        try:
            sign_in(context.new_page(), content[role])
            found[role] = context.storage_state()
        finally:
            context.close()
    return found


def partner_list(page, content):
    page.goto("/partners")
    assert page.get_by_role("link", name="Study Buddies").is_visible()


def register_form(page, content):
    page.goto("/partners/register")


def register_form_with_errors(page, content):
    page.goto("/partners/register")
    page.get_by_label("Website").fill("javascript:alert(1)")
    submit(page, page.get_by_role("button", name="Register the organisation"))
    assert page.title().startswith("Error: ")


def manage_page(page, content):
    page.goto("/partners/manage")
    assert page.get_by_text("Quiet Rooms Ltd").first.is_visible()


def design_group_page(page, content):
    page.goto(f"/proposals/{content['proposal']}/design-group")
    assert page.get_by_text("I can test it with my son.").is_visible()


def proposal_page_with_credits(page, content):
    page.goto(f"/proposals/{content['proposal']}")
    assert page.get_by_text("Partners who help deliver it").is_visible()


def join_form(page, content):
    page.goto(f"/proposals/{content['proposal']}/design-group/join")


def offer_form(page, content):
    page.goto(f"/ideas/{content['idea']}/offer")


def partner_detail(page, content):
    page.goto(f"/partners/{content['partner']}")
    assert page.get_by_role("heading", name="Study Buddies").is_visible()


def staff_dashboard_with_offers(page, content):
    page.goto("/staff")
    assert page.get_by_text("Our hall on Tuesdays.").is_visible()


PAGES = [(partner_list, None), (partner_detail, None), (partner_detail, "admin"),
         (staff_dashboard_with_offers, "staff"), (register_form, "resident"),
         (register_form_with_errors, "resident"), (manage_page, "admin"),
         (design_group_page, "staff"), (proposal_page_with_credits, "resident"),
         (join_form, "resident"), (offer_form, "member")]


@pytest.mark.parametrize("visit, role", PAGES,
                         ids=[f"{visit.__name__}-{role or 'visitor'}" for visit, role in PAGES])
def test_partner_page_has_no_wcag_violations(axe_script, open_page, cookies, content, visit,
                                             role):
    options = {"storage_state": cookies[role]} if role else {}
    page = open_page(bypass_csp=True, **options)
    visit(page, content)
    problems = audit(page, axe_script, f"partners-{visit.__name__}-{role or 'visitor'}")
    assert not problems, "\n".join(problems)
