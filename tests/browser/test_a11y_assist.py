"""Assisted participation in Chromium: axe-core finds no WCAG 2.0-2.2 A/AA
violation, at 1280 and 320 px, on the connector's pages (also with a form's
errors shown), the printable slip, the tracking pages and the moderators'
oversight view; and a connector enters a support without JavaScript."""
import pytest

from codesign.assist import services
from codesign.models import Idea, User

from .helpers import audit, audit_in_welsh, sign_in, submit

pytestmark = pytest.mark.browser


def _world(live_server):
    """A connector, an idea, and a resident whose support for it was entered."""
    connector = live_server.user("Axe Connector", role="connector")
    idea_id = live_server.idea(live_server.user("Axe Author"), "Longer library hours")
    with live_server.session() as session:
        resident, _created = services.find_or_create_resident(
            session.get(User, connector.id), live_server.unique("Ann Jones"), "CF10",
            email="track@example.org")
        services.enter_support(session.get(User, connector.id), resident, "desk",
                               "Central Library", session.get(Idea, idea_id))
        reference = resident.reference
    return connector, idea_id, reference


def start_page(page, world):
    page.goto("/assist")
    assert page.get_by_role("heading", name="Enter for a resident").is_visible()


def start_page_with_errors(page, world):
    page.goto("/assist")
    page.locator("#postcode").fill("nowhere at all")
    submit(page, page.get_by_role("button", name="Continue"))
    assert page.title().startswith("Error: ")


def resident_page(page, world):
    page.goto(f"/assist/{world[2]}")
    assert page.get_by_role("link", name="Print the resident’s slip").is_visible()


def idea_form(page, world):
    page.goto(f"/assist/{world[2]}/idea")
    assert page.get_by_role("heading", name="Enter an idea for a resident").is_visible()


def comment_form(page, world):
    page.goto(f"/assist/{world[2]}/comment?idea={world[1]}")


def support_refused(page, world):
    page.goto(f"/assist/{world[2]}/support?idea={world[1]}")
    page.locator("#channel").select_option("desk")
    page.locator("#where").fill("Central Library")
    page.locator("#agreed").check()
    submit(page, page.get_by_role("button", name="Add the resident’s support"))
    assert page.get_by_text("already supports this idea").first.is_visible()


def slip_page(page, world):
    page.goto(f"/assist/{world[2]}/slip")
    assert page.get_by_text(world[2]).first.is_visible()


def track_form(page, world):
    page.goto("/track?reference=ZZZZ")
    assert page.title().startswith("Error: ")


def track_page(page, world):
    page.goto(f"/track/{world[2]}")
    assert page.get_by_text("Longer library hours").first.is_visible()


def audit_page(page, world):
    page.goto("/moderation/assisted")
    assert page.get_by_role("heading", name="Entered for residents").is_visible()


def idea_page(page, world):
    page.goto(f"/ideas/{world[1]}")
    assert page.get_by_text("given in person").is_visible()


PAGES = [start_page, start_page_with_errors, resident_page, idea_form, comment_form,
         support_refused, slip_page, track_form, track_page, audit_page, idea_page]


@pytest.mark.parametrize("visit", PAGES, ids=[visit.__name__ for visit in PAGES])
def test_assist_pages_have_no_wcag_violations(axe_script, open_page, live_server, visit):
    world = _world(live_server)
    page = open_page(bypass_csp=True)
    if visit is audit_page:
        sign_in(page, live_server.user("Axe Moderator", role="moderator"))
    elif visit not in (track_form, track_page, idea_page):
        sign_in(page, world[0])
    visit(page, world)
    problems = audit(page, axe_script, f"assist-{visit.__name__}")
    problems += audit_in_welsh(page, axe_script, f"assist-{visit.__name__}")
    assert not problems, "\n".join(problems)


def test_a_connector_enters_a_support_without_javascript_and_prints_the_slip(
        open_page, live_server):
    connector = live_server.user("Nojs Connector", role="connector")
    idea_id = live_server.idea(live_server.user("Nojs Author"), "Quiet study room")
    page = open_page(java_script_enabled=False)
    sign_in(page, connector)
    page.goto("/assist")
    page.get_by_label("Resident’s full name").fill(live_server.unique("Bryn Evans"))
    page.locator("#postcode").fill("cf24 3aa")
    page.locator("#agreed").check()
    submit(page, page.get_by_role("button", name="Continue"))
    submit(page, page.get_by_role("link", name="Support an idea"))
    page.locator("#idea").fill(str(idea_id))
    page.locator("#channel").select_option("phone")
    page.locator("#where").fill("Contact centre")
    page.locator("#agreed").check()
    submit(page, page.get_by_role("button", name="Add the resident’s support"))
    assert page.get_by_text("The resident’s support is counted.").is_visible()
    submit(page, page.get_by_role("link", name="Print the resident’s slip"))
    page.emulate_media(media="print")
    assert page.locator(".app-slip").is_visible()
    assert not page.locator(".govuk-footer").is_visible()
    assert not page.locator(".govuk-template__header").is_visible()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_residents_questions_have_no_wcag_violations_and_work_without_javascript(
        axe_script, open_page, live_server, language):
    from sqlalchemy import delete

    from codesign.models import AssistedReachAnswer, ReachQuestion
    from codesign.models.reach import QUESTIONS
    from codesign.reach import services as reach
    world = _world(live_server)
    with live_server.session():
        reach.set_asked_questions(QUESTIONS)
    try:
        for javascript in (True, False):
            page = open_page(bypass_csp=True, java_script_enabled=javascript)
            sign_in(page, world[0])
            page.context.add_cookies([{"name": "language", "value": language,
                                       "url": live_server.url}])
            page.goto(f"/assist/{world[2]}/about")
            assert page.locator("html").get_attribute("lang") == language
            if javascript:  # axe-core runs as a script
                problems = audit(page, axe_script, f"assist-answers-{language}")
                assert not problems, "\n".join(problems)
        page.locator("input[name=age][value=prefer_not]").check()
        page.locator("input[name=disability][value=yes]").check()
        submit(page, page.locator("main form button[type=submit]"))
        assert page.url.endswith(f"/assist/{world[2]}")
        with live_server.session() as session:
            assert session.scalar(db_count(AssistedReachAnswer)) >= 2
    finally:
        with live_server.session() as session:
            session.execute(delete(AssistedReachAnswer))
            session.execute(delete(ReachQuestion))


def db_count(model):
    from sqlalchemy import func, select
    return select(func.count()).select_from(model)
