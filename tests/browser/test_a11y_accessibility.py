"""axe-core on the accessibility statement, the report form (empty, and
shown again with errors) and staff's list of reports, in English and in
Welsh (the language cookie), at 1280 and 320 CSS pixels; and the form works
with the keyboard and without JavaScript."""
import pytest

from codesign.models import AccessibilityReport, Role

from .helpers import audit, sign_in, submit

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def staff_cookies(chromium, live_server):
    person = live_server.user("Sam Access", role=Role.STAFF.value)
    with live_server.session() as session:
        session.add(AccessibilityReport(
            page="/ideas", problem="The map has no text alternative.",
            problem_html="<p>The map has no text alternative.</p>", name="Eleri",
            email="eleri@example.org", locale="cy", created_at=_now()))
    context = chromium.new_context(base_url=live_server.url)
    try:
        sign_in(context.new_page(), person)
        return context.storage_state()
    finally:
        context.close()


def _now():
    from codesign.clock import utcnow
    return utcnow()


def statement(page):
    page.goto("/accessibility")
    assert page.get_by_role("heading", level=1).inner_text().startswith(
        ("Accessibility statement for", "Datganiad hygyrchedd"))


def report_form(page):
    page.goto("/accessibility/report")


def report_with_errors(page):
    page.goto("/accessibility/report")
    page.locator("#name").fill("Eleri")
    page.locator("#email").fill("not an address")
    submit(page, page.locator("form[novalidate] button[type=submit]"))
    assert page.title().startswith(("Error:", "Gwall:"))
    assert page.locator("#email").input_value() == "not an address"


def staff_list(page):
    page.goto("/accessibility/reports")
    assert page.locator(".app-card").count() >= 1


VISITS = [(None, statement), (None, report_form), (None, report_with_errors),
          ("staff", staff_list)]


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("role, visit", VISITS, ids=[visit.__name__ for _role, visit in VISITS])
def test_accessibility_pages_have_no_wcag_violations(axe_script, open_page, live_server,
                                                     staff_cookies, role, visit, language):
    page = open_page(bypass_csp=True, storage_state=staff_cookies if role else None,
                     viewport={"width": 1280, "height": 800})
    page.context.add_cookies([{"name": "language", "value": language, "url": live_server.url}])
    visit(page)
    assert page.locator("html").get_attribute("lang") == language
    problems = audit(page, axe_script, f"accessibility-{visit.__name__}-{language}")
    assert not problems, "\n".join(problems)


def test_a_report_is_sent_with_the_keyboard_and_without_javascript(open_page, live_server):
    page = open_page(java_script_enabled=False)
    page.goto("/")
    page.get_by_role("link", name="Accessibility statement").click()
    page.get_by_role("link", name="Report an accessibility problem").click()
    page.locator("#page").focus()
    page.keyboard.type("/pilots")
    page.keyboard.press("Tab")
    page.keyboard.type("The chart is hard to read.")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accessibility")
    assert "your report has reached" in page.content()
