"""axe-core on the pages that exist now, against WCAG 2.0, 2.1 and 2.2 A and
AA: none may have a violation. Forms are checked empty and with errors, the
idea page with a thread of comments and replies, opened for replying. A few
pages are also seen 320 CSS pixels wide, where nothing may scroll sideways.

The pages of staff, moderation, proposals, notifications and administration
are in test_a11y_staff.py."""
import pytest

from .helpers import CLOSED_CHALLENGE, audit, describe, run_axe, sign_in, submit

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def content(live_server):
    """Ideas to show: one with a discussion three levels deep."""
    author, fan, critic, expert = (live_server.user(name) for name in
                                   ("Amira Hassan", "Tom Whitfield", "Grace Okafor", "Dev Patel"))
    discussed = live_server.idea(
        author, "Evening opening at the central library",
        "Open until **8pm** on weekdays:\n\n- study space\n- [job club](https://example.org)",
        supporters=(fan, critic),
        thread=[(fan, "Yes, *please*.", [(critic, "Who would staff it?", [
                    (author, "Volunteers, as on Saturdays.", [])])]),
                (expert, "We tried this in 2019.", [])],
    )
    live_server.idea(fan, "More recycling bins in the park", area="Parks and green spaces",
                     supporters=(author,))
    return {"idea": f"/ideas/{discussed}", "reader": live_server.user("Rhea Reader"),
            "area": live_server.areas["Libraries"]}


@pytest.fixture(scope="module")
def reader_cookies(chromium, live_server, content):
    """Rhea signs in once; her pages reuse the cookies."""
    context = chromium.new_context(base_url=live_server.url)
    try:
        sign_in(context.new_page(), content["reader"])
        return context.storage_state()
    finally:
        context.close()


@pytest.fixture
def audit_page(axe_script, open_page, reader_cookies):
    def build(signed_in=False):
        # The site's Content-Security-Policy (script-src 'self') blocks the
        # injected axe-core script, as it should; only these audit contexts
        # bypass it, never the journeys' or the keyboard test's.
        return open_page(bypass_csp=True, storage_state=reader_cookies if signed_in else None)
    return build


def signed_in(visit):
    """This page is seen signed in, as Rhea Reader."""
    visit.signed_in = True
    return visit


def home(page, content):
    page.goto("/")


def ideas(page, content):
    page.goto("/ideas")


def ideas_filtered_and_sorted(page, content):
    page.goto(f"/ideas?area={content['area']}&status=published&sort=supported")


def ideas_by_a_closed_challenge(page, content):
    page.goto("/ideas")
    page.get_by_label("Challenge").select_option(label=CLOSED_CHALLENGE)
    page.get_by_label("Sort by").select_option(label="Newest")
    submit(page, page.get_by_role("button", name="Show ideas"))


def idea_with_comments(page, content):
    page.goto(content["idea"])


@signed_in
def idea_with_comments_signed_in(page, content):
    page.goto(content["idea"])
    for summary in page.locator("details summary").all():
        summary.click()


@signed_in
def comment_with_errors(page, content):
    page.goto(content["idea"])
    submit(page, page.get_by_role("button", name="Post comment"))
    assert page.get_by_text("There is a problem").is_visible()


@signed_in
def new_idea(page, content):
    page.goto("/ideas/new")


@signed_in
def new_idea_with_errors(page, content):
    new_idea(page, content)
    page.get_by_label("Title").fill("x" * 141)
    submit(page, page.get_by_role("button", name="Publish idea"))
    assert page.title().startswith("Error: ")


def register(page, content):
    page.goto("/auth/register")


def register_with_errors(page, content):
    page.goto("/auth/register")
    page.get_by_label("Email address").fill("not an address")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Confirm password").fill("different")
    submit(page, page.get_by_role("button", name="Create account"))
    assert page.title().startswith("Error: ")


def login(page, content):
    page.goto("/auth/login")


def login_with_errors(page, content):
    page.goto("/auth/login")
    page.get_by_label("Email address").fill(content["reader"].email)
    page.get_by_label("Password").fill("not the password")
    submit(page, page.get_by_role("button", name="Sign in"))
    assert page.title().startswith("Error: ")


PAGES = [home, ideas, ideas_filtered_and_sorted, ideas_by_a_closed_challenge,
         idea_with_comments, idea_with_comments_signed_in, comment_with_errors,
         new_idea, new_idea_with_errors, register, register_with_errors,
         login, login_with_errors]


@pytest.mark.parametrize("visit", PAGES, ids=[visit.__name__ for visit in PAGES])
def test_page_has_no_wcag_violations(axe_script, audit_page, content, visit):
    page = audit_page(signed_in=getattr(visit, "signed_in", False))
    visit(page, content)
    problems = audit(page, axe_script, visit.__name__)
    assert not problems, "\n".join(problems)


def test_axe_reports_a_violation_it_finds(axe_script, audit_page):
    """The check above can fail: the sign-in page with a label taken away."""
    page = audit_page()
    page.goto("/auth/login")
    page.locator("label[for=email]").evaluate("label => label.remove()")
    violations = run_axe(page, axe_script)
    assert "label" in [violation["id"] for violation in violations]
    assert "#email" in describe(violations)


REFLOW_PAGES = [home, ideas_filtered_and_sorted, idea_with_comments_signed_in, new_idea_with_errors]


@pytest.mark.parametrize("visit", REFLOW_PAGES, ids=[visit.__name__ for visit in REFLOW_PAGES])
def test_page_reflows_at_320_css_pixels(open_page, reader_cookies, content, visit):
    """WCAG 1.4.10: at 320 CSS pixels wide (a phone, or 400% zoom) nothing
    needs scrolling sideways."""
    page = open_page(viewport={"width": 320, "height": 640},
                     storage_state=reader_cookies if getattr(visit, "signed_in", False) else None)
    visit(page, content)
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(element => element.getBoundingClientRect().right > 320.5)
        .map(element => element.outerHTML.slice(0, 80))""")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "\n".join(wide)
