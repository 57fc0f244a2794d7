"""The reach pages in Chromium: axe-core finds no WCAG 2.0-2.2 A/AA
violation at 1280 and 320 px on /account/about-you, registration with the
questions, the administrators' pages (also with a form's errors shown) and
the staff report (with figures and a chart, and for a scope too small)."""
import pytest
from sqlalchemy import delete

from codesign.models import ReachAnswer, ReachPlace, ReachQuestion, ReachReference
from codesign.models.reach import QUESTIONS
from codesign.reach import services

from .helpers import audit, audit_in_welsh, sign_in, submit

pytestmark = pytest.mark.browser

AGES = ["25_34"] * 12 + ["50_64"] * 14 + ["16_24"] * 3


@pytest.fixture
def asked(live_server):
    """Every question asked, two wards, a reference population, and an idea
    in Libraries with 29 participants who answered their age."""
    site = live_server
    with site.session() as session:
        services.set_asked_questions(QUESTIONS)
        session.add_all([ReachPlace(name="Riverside ward"), ReachPlace(name="Harbour ward")])
        services.save_reference("age", None, {("16_24", None): 14, ("25_34", None): 17,
                                              ("50_64", None): 25}, "Census 2021", 2021)
    people = [site.user() for _ in AGES]
    site.idea(people[0], site.unique("A reading room"), supporters=people[1:])
    with site.session() as session:
        for person, age in zip(people, AGES, strict=True):
            session.add(ReachAnswer(user_id=person.id, question="age", value=age))
    yield site
    with site.session() as session:
        session.execute(delete(ReachAnswer))
        session.execute(delete(ReachReference))
        session.execute(delete(ReachPlace))
        session.execute(delete(ReachQuestion))


def about_you(page, site):
    sign_in(page, site.user())
    page.goto("/account/about-you")
    assert page.get_by_role("heading", name="Who sees your answers").is_visible()


def register_with_questions(page, site):
    page.goto("/auth/register")
    assert page.get_by_role("heading", name="About you (optional)").is_visible()


def admin_questions(page, site):
    sign_in(page, site.user(role="admin"))
    page.goto("/admin/reach")
    assert page.get_by_role("heading", name="The reference population").is_visible()


def admin_places(page, site):
    sign_in(page, site.user(role="admin"))
    page.goto("/admin/reach/places")
    assert page.get_by_role("button", name="Add to the list").is_visible()


def reference_with_errors(page, site):
    sign_in(page, site.user(role="admin"))
    page.goto("/admin/reach/references/disability")
    page.get_by_label("Yes, disabled (per cent)").fill("150")
    submit(page, page.get_by_role("button", name="Save the reference population"))
    assert page.title().startswith("Error: ")


def staff_index(page, site):
    sign_in(page, site.user(role="staff"))
    page.goto("/staff/reach")
    assert page.get_by_role("heading", name="Proposals").is_visible()


def staff_report(page, site):
    sign_in(page, site.user(role="staff"))
    page.goto(f"/staff/reach/areas/{site.areas['Libraries']}")
    assert page.locator("svg#reach-chart-age").is_visible()


def staff_report_too_few(page, site):
    sign_in(page, site.user(role="staff"))
    area = next(area_id for name, area_id in site.areas.items() if name != "Libraries")
    page.goto(f"/staff/reach/areas/{area}")
    assert page.get_by_text("Fewer than 10 people took part here").is_visible()


PAGES = [about_you, register_with_questions, admin_questions, admin_places,
         reference_with_errors, staff_index, staff_report, staff_report_too_few]


@pytest.mark.parametrize("visit", PAGES, ids=[visit.__name__ for visit in PAGES])
def test_reach_pages_have_no_wcag_violations(axe_script, open_page, asked, visit):
    page = open_page(bypass_csp=True)
    visit(page, asked)
    problems = audit(page, axe_script, f"reach-{visit.__name__}")
    problems += audit_in_welsh(page, axe_script, f"reach-{visit.__name__}")
    assert not problems, "\n".join(problems)


def test_the_report_page_keeps_the_strict_csp(open_page, asked):
    """No inline style or script: the chart draws with the CSP on."""
    page = open_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text)
            if "Content Security Policy" in message.text else None)
    sign_in(page, asked.user(role="staff"))
    page.goto(f"/staff/reach/areas/{asked.areas['Libraries']}")
    assert page.locator("svg#reach-chart-age").is_visible()
    assert not errors, errors


