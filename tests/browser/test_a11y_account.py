"""The account pages in Chromium: axe-core finds no WCAG 2.0-2.2 A/AA
violation on /account (also with a form's errors shown) or /account/data,
and the email change works end to end without JavaScript: the link goes to
the new address, the button there makes the change, the old address is told."""
import pytest

from .helpers import PASSWORD, audit, follow, link_in, mail_to, sign_in, submit

pytestmark = pytest.mark.browser


def account_page(page):
    page.goto("/account")
    assert page.get_by_role("heading", name="Where you are signed in").is_visible()


def account_page_with_errors(page):
    page.goto("/account")
    page.locator("#current_password").fill("not my password")
    page.locator("#password").fill("a brand new passphrase")
    page.locator("#confirm").fill("a different passphrase")
    submit(page, page.get_by_role("button", name="Change password"))
    assert page.title().startswith("Error: ")
    assert page.get_by_role("heading", name="There is a problem").is_visible()


def data_page(page):
    page.goto("/account/data")
    assert page.get_by_role("button", name="Download my data (JSON)").is_visible()


PAGES = [account_page, account_page_with_errors, data_page]


@pytest.mark.parametrize("visit", PAGES, ids=[visit.__name__ for visit in PAGES])
def test_account_pages_have_no_wcag_violations(axe_script, open_page, live_server, visit):
    page = open_page(bypass_csp=True)
    sign_in(page, live_server.user("Axe Account"))
    visit(page)
    problems = audit(page, axe_script, f"account-{visit.__name__}")
    assert not problems, "\n".join(problems)


def test_email_change_without_javascript(open_page, live_server, smtp_sink):
    person = live_server.user("Moving Resident")
    new_address = f"{live_server.unique('moved')}@example.org"
    page = open_page(java_script_enabled=False)
    sign_in(page, person)
    follow(page, page.get_by_role("link", name="Account"))
    page.get_by_label("New email address").fill(new_address)
    page.locator("#email_password").fill(PASSWORD)
    submit(page, page.get_by_role("button", name="Send the confirmation link"))
    assert page.get_by_text(f"Check the new address, {new_address}").is_visible()

    message = mail_to(smtp_sink, new_address)
    assert "Confirm your new email address" in message["Subject"]
    page.goto(link_in(message))
    assert page.get_by_text(f"will use {new_address} from now on").is_visible()
    submit(page, page.get_by_role("button", name="Use this address"))
    assert page.get_by_text(f"Your email address is now {new_address}.").is_visible()
    assert page.get_by_text(f"with the email address {new_address}").is_visible()

    told = mail_to(smtp_sink, person.email)
    assert "Your Codesign email address was changed" in told["Subject"]
