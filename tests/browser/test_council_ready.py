"""The council-ready pieces in a real browser: sharing an idea and finding a
duplicate to merge, both without JavaScript; the copy button with it; and
axe-core on /open-data at desktop and phone widths."""
import pytest
from playwright.sync_api import expect

from codesign.models import Role

from .helpers import describe, follow, run_axe, sign_in, submit

pytestmark = pytest.mark.browser

WIDTHS = [pytest.param(1280, id="desktop"), pytest.param(320, id="phone")]


@pytest.mark.parametrize("width", WIDTHS)
def test_open_data_page_has_no_wcag_violations_and_fits(axe_script, open_page, width):
    page = open_page(bypass_csp=True, viewport={"width": width, "height": 800})
    page.goto("/")
    follow(page, page.get_by_role("contentinfo").get_by_role("link", name="Open data"))
    assert page.url.endswith("/open-data")
    assert page.get_by_role("heading", level=1).inner_text() == "Open data"
    assert page.get_by_role("link", name="/api/v1/ideas", exact=True).get_attribute("href") == "/api/v1/ideas"
    violations = run_axe(page, axe_script)
    assert not violations, f"axe found on {page.url}:\n{describe(violations)}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_an_idea_is_shared_without_javascript(open_page, live_server):
    author = live_server.user("Sam Sharer")
    idea_id = live_server.idea(author, "Water fountains in the parks", area="Parks and green spaces")
    page = open_page(java_script_enabled=False)
    page.goto(f"/ideas/{idea_id}")
    link = page.get_by_label("Link to this idea")
    assert link.get_attribute("readonly") is not None
    assert link.input_value().endswith(f"/ideas/{idea_id}")
    assert not page.get_by_role("button", name="Copy link").is_visible()  # needs the script
    share = page.get_by_role("region", name="Share this idea")
    assert share.get_by_role("link", name="Email").get_attribute("href").startswith("mailto:?")
    for name, start in (("WhatsApp", "https://wa.me/"), ("X (Twitter)", "https://x.com/intent/"),
                        ("Facebook", "https://www.facebook.com/sharer/")):
        assert share.get_by_role("link", name=name).get_attribute("href").startswith(start)


def test_the_copy_button_copies_the_link_with_javascript(open_page, live_server):
    author = live_server.user("Cora Copier")
    idea_id = live_server.idea(author, "Bike racks at the station", area="Parks and green spaces")
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"/ideas/{idea_id}")
    page.get_by_role("button", name="Copy link").click()
    # The clipboard is written asynchronously: wait for the message.
    expect(page.get_by_role("status").filter(has_text="Link copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()").endswith(f"/ideas/{idea_id}")


def test_staff_find_and_merge_a_duplicate_without_javascript(open_page, live_server):
    author = live_server.user("Dee Duplicate")
    original = live_server.idea(author, "Longer opening hours at the central library")
    duplicate = live_server.idea(author, "Open the library on Sunday mornings")
    staff = live_server.user("Sid Staff", role=Role.STAFF.value)
    page = open_page(java_script_enabled=False)
    sign_in(page, staff)
    page.goto(f"/ideas/{duplicate}")
    follow(page, page.get_by_role("link", name="Find the other idea by searching"))
    page.get_by_label("Find the other idea").fill("central library hours")
    submit(page, page.get_by_role("button", name="Search"))
    page.get_by_label("Longer opening hours at the central library", exact=False).check()
    page.get_by_label("Official response").fill("The same idea as the other one.")
    submit(page, page.get_by_role("button", name="Mark as duplicate"))
    assert page.url.split("#")[0].endswith(f"/ideas/{duplicate}")
    assert page.get_by_text("The idea is marked a duplicate").is_visible()
    assert page.get_by_role("link", name="Longer opening hours at the central library").first.is_visible()
    assert original


def test_notification_titles_are_left_aligned_when_they_wrap(open_page, live_server):
    page = open_page(viewport={"width": 320, "height": 640})
    page.goto("/auth/login")
    page.set_content('<link rel="stylesheet" href="/static/css/app.css">'
                     '<button class="app-link-button">A long notification title that wraps '
                     'onto a second line on a phone</button>')
    page.wait_for_load_state()
    assert page.evaluate("getComputedStyle(document.querySelector('.app-link-button')).textAlign") == "left"
