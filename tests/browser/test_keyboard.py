"""Proposing and supporting an idea with the keyboard alone: Tab, Shift+Tab,
Enter, Space and the arrow keys, never the mouse; and wherever the focus
lands, it can be seen."""
import pytest

from .helpers import OPEN_CHALLENGE, support_count

pytestmark = pytest.mark.browser

TAB_LIMIT = 40

FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) { return null; }
  const style = getComputedStyle(element);
  return {
    html: element.outerHTML.slice(0, 120),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
  };
}"""


def focus_is_visible(page):
    focused = page.evaluate(FOCUSED)
    assert focused is not None, "the focus was lost (it is on the page itself)"
    assert focused["outline"] or focused["shadow"], f"no visible focus on {focused['html']}"


def tab_to(page, target, backwards=False):
    """Presses Tab (or Shift+Tab) until target has the focus, checking at each
    stop that the focus can be seen. Past either end of the page the focus
    leaves it (for the browser's own toolbar in a window), and comes back."""
    key = "Shift+Tab" if backwards else "Tab"
    outside = 0
    for _ in range(TAB_LIMIT):
        page.keyboard.press(key)
        if page.evaluate(FOCUSED) is None:
            outside += 1
            assert outside < 2, "the focus is stuck outside the page"
            continue
        outside = 0
        focus_is_visible(page)
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{key} never reached {target}")


def selected_text(select):
    return select.evaluate("element => element.selectedOptions[0].textContent.trim()")


def test_propose_and_support_an_idea_with_the_keyboard_alone(page, live_server):
    person = live_server.user("Kim Keyboard")
    page.goto("/auth/login")

    # The first Tab reaches the skip link; Enter takes the focus to the content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    focus_is_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"

    # Sign in.
    tab_to(page, page.get_by_label("Email address"))
    page.keyboard.type(person.email)
    tab_to(page, page.get_by_label("Password"))
    page.keyboard.type(person.password)
    remember = page.get_by_label("Keep me signed in on this device")
    tab_to(page, remember)
    page.keyboard.press("Space")
    assert remember.is_checked()
    tab_to(page, page.get_by_role("button", name="Sign in"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("You are signed in.").is_visible()

    # Propose an idea: back up to the link in the navigation, then the form.
    nav = page.get_by_role("navigation", name="Main")
    tab_to(page, nav.get_by_role("link", name="Propose an idea"), backwards=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    title = page.get_by_label("Title")
    tab_to(page, title)
    page.keyboard.type("Braille and large print at every branch")
    tab_to(page, page.get_by_label("Describe your idea"))
    page.keyboard.type("Ask for it at the desk, get it **the same week**.")
    # Back to the title to finish it, then on again.
    tab_to(page, title, backwards=True)
    page.keyboard.press("End")
    page.keyboard.type(" library")
    area = page.get_by_label("Service area")
    tab_to(page, area)
    page.keyboard.press("ArrowDown")
    assert selected_text(area) == "Libraries"
    challenge = page.get_by_label("Challenge (optional)")
    tab_to(page, challenge)
    page.keyboard.press("ArrowDown")
    assert selected_text(challenge) == OPEN_CHALLENGE
    tab_to(page, page.get_by_label("Neighbourhood or place (optional)"))
    page.keyboard.type("Every branch")
    tab_to(page, page.get_by_role("button", name="Publish idea"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Your idea is published.").is_visible()
    assert page.locator("h1").inner_text() == "Braille and large print at every branch library"
    assert page.get_by_text(OPEN_CHALLENGE).is_visible()

    # Support it with Space: the count goes up, and the focus stays on the button.
    assert support_count(page) == 0
    tab_to(page, page.get_by_role("button", name="Support this idea"))
    page.keyboard.press("Space")
    remove = page.get_by_role("button", name="Remove my support")
    remove.wait_for()
    assert support_count(page) == 1
    assert remove.evaluate("element => element === document.activeElement")
    focus_is_visible(page)
