"""The accessibility statement (/accessibility), linked from every page, and
the form that reports a problem: kept for staff, emailed to the council's
contact address if it has one, refused with messages beside the fields."""
import email
import email.policy

from helpers import count, csrf_token, text_of

from codesign.extensions import db
from codesign.models import AccessibilityReport, SiteSettings
from codesign.sanitise import render_markdown

REPORT = {"page": "/ideas", "problem": "The **support** button is not announced by NVDA.",
          "name": "Eleri", "email": "eleri@example.org"}


def set_contact(app, contact):
    with app.app_context():
        row = db.session.get(SiteSettings, 1) or SiteSettings(id=1)
        row.contact, row.contact_html = contact, str(render_markdown(contact))
        db.session.add(row)
        db.session.commit()


def send(client, data):
    return client.post("/accessibility/report",
                       data={**data, "csrf_token": csrf_token(client, "/accessibility/report")})


def test_every_page_links_the_statement_in_its_footer(client):
    for path in ("/", "/ideas", "/privacy", "/no-such-page"):
        assert 'href="/accessibility">Accessibility statement</a>' in client.get(path).get_data(
            as_text=True), path


def test_the_statement_says_what_the_template_asks(client, app):
    set_contact(app, "Email access@northshire.example.gov.uk")
    with app.app_context():
        db.session.get(SiteSettings, 1).name = "Have your say, Northshire"
        db.session.commit()
    page = text_of(client.get("/accessibility"))
    assert "Accessibility statement for Have your say, Northshire" in page
    for words in ("Web Content Accessibility Guidelines version 2.2 AA standard",
                  "partially compliant", "axe-core", "1280 pixels and at 320 pixels",
                  "keyboard only", "JavaScript turned off", "PDF", "table beside",
                  "Equality and Human Rights Commission", "Equality Commission for Northern Ireland",
                  "This statement was prepared on 5 December 2026",
                  "access@northshire.example.gov.uk", 'href="/accessibility/report"'):
        assert words in page, words


def test_the_statement_is_in_welsh_when_the_page_is(client):
    client.get("/language/cy")
    page = client.get("/accessibility").get_data(as_text=True)
    assert '<html lang="cy"' in page
    assert "5 Rhagfyr 2026" in page


def test_a_report_reaches_staff_by_the_list_and_by_email(app, client, smtp_sink, staff):
    set_contact(app, "Write to us: [access@northshire.example.gov.uk]"
                     "(mailto:access@northshire.example.gov.uk).")
    response = send(client, REPORT)
    assert response.status_code == 302 and response.headers["Location"] == "/accessibility"
    assert "your report has reached" in text_of(client.get("/accessibility"))
    [message] = [email.message_from_string(raw, policy=email.policy.default)
                 for raw in smtp_sink.wait_for(1)]
    assert message["To"] == "access@northshire.example.gov.uk"
    assert message["Subject"] == "Codesign: an accessibility problem was reported"
    body = message.get_body(("plain",)).get_content()
    assert "/ideas" in body and "eleri@example.org" in body
    assert "/accessibility/reports" in body

    listed = text_of(staff.get("/accessibility/reports"))
    assert "<strong>support</strong>" in listed and "eleri@example.org" in listed
    assert "1 report waits." in text_of(staff.get("/staff"))
    with app.app_context():
        report_id = db.session.scalar(db.select(AccessibilityReport.id))
    assert staff.post(f"/accessibility/reports/{report_id}/dealt-with").status_code == 302
    assert count(app, AccessibilityReport, AccessibilityReport.dealt_with_at.is_(None)) == 0
    assert "No reports are waiting." in text_of(staff.get("/accessibility/reports"))
    assert staff.post("/accessibility/reports/999999/dealt-with").status_code == 404


def test_without_a_contact_address_the_report_is_kept_and_nothing_is_sent(app, client, smtp_sink):
    set_contact(app, "Call 01234 567890")
    assert send(client, {"page": "/", "problem": "Zoom breaks the header"}).status_code == 302
    assert count(app, AccessibilityReport) == 1
    assert smtp_sink.wait_for(1, timeout=0.3) == []


def test_mistakes_are_shown_beside_the_fields_with_what_was_typed(client, app):
    response = send(client, {"page": "", "problem": "x" * 5001, "name": "Eleri",
                             "email": "not an address"})
    assert response.status_code == 422
    page = text_of(response)
    assert "Enter the page's name or address" in page
    assert "Keep the description to 5000 characters or fewer" in page
    assert "Enter an email address in the correct format" in page
    assert 'value="Eleri"' in page and 'value="not an address"' in page and "x" * 5001 in page
    assert "<title>Error:" in page
    assert count(app, AccessibilityReport) == 0


def test_only_staff_see_the_reports(client, resident_client, moderator, staff):
    assert client.get("/accessibility/reports").status_code == 302
    assert resident_client.get("/accessibility/reports").status_code == 403
    assert moderator.get("/accessibility/reports").status_code == 403
    assert staff.get("/accessibility/reports").status_code == 200


def test_reports_are_rate_limited_and_a_mistake_costs_nothing(app):
    from test_limits import limited
    limited_app = limited(app, RATELIMIT_ACCESSIBILITY_REPORTS="2/hour")
    try:
        browser = limited_app.test_client()
        assert send(browser, {"page": "", "problem": "No page"}).status_code == 422
        answers = [send(browser, {"page": "/", "problem": f"Problem {n}"}) for n in range(3)]
        assert [answer.status_code for answer in answers] == [302, 302, 429]
        assert "Too many requests" in answers[-1].get_data(as_text=True)
    finally:
        with limited_app.app_context():
            db.engine.dispose()
