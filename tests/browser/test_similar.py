"""Similar ideas on the new-idea form: listed as the title is typed (with
JavaScript) or on "Check for similar ideas" (without), and supported instead."""
import pytest

from .helpers import sign_in, submit

pytestmark = pytest.mark.browser

JAVASCRIPT = [pytest.param(True, id="js"), pytest.param(False, id="no-js")]


@pytest.mark.parametrize("javascript", JAVASCRIPT)
def test_a_resident_supports_a_similar_idea_instead(open_page, live_server, javascript):
    # A word nobody else's idea has, so only these two ideas share it.
    place = live_server.unique("quokkaville").replace("-", "")
    existing = f"Open the {place} library on Sunday afternoons"
    idea_id = live_server.idea(live_server.user(), existing)
    page = open_page(java_script_enabled=javascript)
    sign_in(page, live_server.user())

    page.goto("/ideas/new")
    page.get_by_label("Title").fill(f"Sunday opening for the {place} library")
    if not javascript:
        submit(page, page.get_by_role("button", name="Check for similar ideas"))
        assert page.get_by_label("Title").input_value() == f"Sunday opening for the {place} library"

    first = page.locator("#similar-ideas [data-similar-item]").first
    first.wait_for()
    assert first.get_by_role("link").inner_text() == existing
    submit(page, first.get_by_role("button", name=f"Support this instead ({existing})"))

    assert page.url.endswith(f"/ideas/{idea_id}#support")
    assert page.get_by_text("You support this idea.").first.is_visible()
