"""axe-core on the council's settings pages, the privacy notice and the
banner after a material change, against WCAG 2.0, 2.1 and 2.2 A and AA, at
1280 and 320 CSS pixels: none may have a violation, and nothing scrolls
sideways on a phone. The settings are put back to the defaults afterwards,
so the other browser tests see the neutral brand."""
import pytest
from sqlalchemy import delete, update

from codesign.admin import settings_services
from codesign.models import Role, SiteSettings, User

from .helpers import describe, run_axe, sign_in, submit

pytestmark = pytest.mark.browser

SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10">'
       b'<rect width="20" height="10" fill="#fff"/></svg>')


@pytest.fixture(scope="module")
def people(live_server):
    site = live_server
    admin = site.user("Ada Settings", role=Role.ADMIN.value)
    resident = site.user("Rita Reader")
    with site.session():
        settings_services.save_brand(
            "Have your say, Northshire", "#0b5c4a", "Civic Centre, **Northshire** NS1 1AA",
            [("Northshire Council", "https://www.northshire.gov.uk/", "link_1_url")], logo=SVG)
        settings_services.save_privacy("# Our notice\n\nWhat we hold.", True, "")
    yield {"admin": admin, "resident": resident}
    with site.session() as session:
        session.execute(delete(SiteSettings))
        session.execute(update(User).values(privacy_version_accepted=None))


@pytest.fixture(scope="module")
def cookies(chromium, live_server, people):
    states = {}
    for role, person in people.items():
        context = chromium.new_context(base_url=live_server.url)
        try:
            sign_in(context.new_page(), person)
            states[role] = context.storage_state()
        finally:
            context.close()
    return states


def settings_page(page):
    page.goto("/admin/settings")
    assert page.locator("img.app-brand-logo").count() == 1


def settings_with_errors(page):
    page.goto("/admin/settings")
    page.get_by_label("Brand colour").fill("#ffdd00")
    page.get_by_label("Footer link 2: address").fill("javascript:alert(1)")
    page.get_by_label("Footer link 2: text").fill("Bad")
    submit(page, page.get_by_role("button", name="Save settings"))
    assert page.title().startswith("Error: ")
    assert page.get_by_label("Brand colour").input_value() == "#ffdd00"


def privacy_editor(page):
    page.goto("/admin/settings/privacy")


def checklist(page):
    page.goto("/admin")
    assert page.get_by_role("heading", name="Setting up the site").is_visible()


def privacy_notice(page):
    page.goto("/privacy")
    assert page.get_by_role("table").count() == 1


def banner(page):
    page.goto("/ideas")
    assert page.get_by_role("button", name="I have read it, hide this message").is_visible()


VISITS = [("admin", settings_page), ("admin", settings_with_errors), ("admin", privacy_editor),
          ("admin", checklist), ("resident", privacy_notice), ("resident", banner)]


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("role, visit", VISITS, ids=[visit.__name__ for _role, visit in VISITS])
def test_settings_pages_have_no_wcag_violations(axe_script, open_page, cookies, role, visit,
                                                width):
    page = open_page(bypass_csp=True, storage_state=cookies[role],
                     viewport={"width": width, "height": 800})
    visit(page)
    violations = run_axe(page, axe_script)
    assert not violations, f"axe found on {page.url}:\n{describe(violations)}"
    if width == 320:
        assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_the_banner_goes_once_read_without_javascript(open_page, cookies, people):
    page = open_page(java_script_enabled=False, storage_state=cookies["resident"])
    page.goto("/proposals")
    submit(page, page.get_by_role("button", name="I have read it, hide this message"))
    assert page.url.endswith("/proposals")
    assert page.get_by_role("button", name="I have read it, hide this message").count() == 0
