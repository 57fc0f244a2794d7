"""Deleting an account in a browser: axe-core finds no WCAG A or AA violation
on /account/delete (empty, and with errors), and the whole journey works
without JavaScript: the page says what happens, a wrong password is said
beside the field, and the account goes, signed out, with a confirmation."""
import pytest

from .helpers import PASSWORD, audit, sign_in, submit

pytestmark = pytest.mark.browser


def test_the_deletion_page_has_no_violations(open_page, live_server, axe_script):
    # bypass_csp: the site's CSP rightly blocks the injected axe-core script.
    page = open_page(bypass_csp=True)
    sign_in(page, live_server.user("Axel Checked"))
    page.goto("/account/delete")
    assert audit(page, axe_script, "deletion-form") == []
    submit(page, page.get_by_role("button", name="Delete my account"))
    assert page.title().startswith("Error: ")
    assert audit(page, axe_script, "deletion-form-with-errors") == []
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("Type DELETE to confirm").fill("DELETE")
    submit(page, page.get_by_role("button", name="Delete my account"))
    assert page.get_by_role("heading", name="Your account is deleted").is_visible()
    assert audit(page, axe_script, "deletion-done") == []


def test_deleting_an_account_without_javascript(open_page, live_server):
    person = live_server.user("Dora Departing")
    idea_id = live_server.idea(person, "A bench by the library door")
    page = open_page(java_script_enabled=False)
    sign_in(page, person)
    page.goto("/account/delete")
    assert page.get_by_role("heading", name="What stays").is_visible()
    assert page.get_by_role("heading", name="What goes").is_visible()

    page.get_by_label("Your password").fill("not my password")
    page.get_by_label("Type DELETE to confirm").fill("DELETE")
    submit(page, page.get_by_role("button", name="Delete my account"))
    assert page.get_by_text("That is not your password").first.is_visible()

    page.get_by_label("Your password").fill(PASSWORD)
    submit(page, page.get_by_role("button", name="Delete my account"))
    assert page.get_by_role("heading", name="Your account is deleted").is_visible()

    page.goto(f"/ideas/{idea_id}")
    assert page.get_by_text("Former resident").first.is_visible()
    assert page.get_by_text("Dora Departing").count() == 0
    page.goto("/account/delete")
    assert "/auth/login" in page.url  # signed out
