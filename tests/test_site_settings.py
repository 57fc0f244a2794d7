"""The council's settings: brand name, logo (checked by content), colour
(AA contrast), footer links and contact details, the stylesheet and logo
routes, the outgoing mail's name, and the first-run checklist on /admin."""
import html
import io
import re
import struct
import zlib

import pytest
from helpers import PASSWORD, count, text_of

from codesign.extensions import db
from codesign.models import OutboxMessage, SiteSettings


def png(width=2, height=1):
    """A small, valid PNG."""
    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))
    rows = b"".join(b"\x00" + b"\x00\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
       b'<rect width="10" height="10" fill="#fff"/></svg>')


@pytest.fixture
def admin_user(factory):
    return factory.user(name="Ada Admin", email="ada@example.test", role="admin")


@pytest.fixture
def admin(browser_for, admin_user):
    return browser_for(admin_user)


def brand_form(**changes):
    data = {"name": "Have your say, Northshire", "colour": "#1d70b8", "contact": ""}
    data.update(changes)
    return data


def error_beside(response, field):
    match = re.search(rf'<p[^>]*id="{field}-error"[^>]*>(.*?)</p>',
                      response.get_data(as_text=True), re.S)
    return html.unescape(match.group(1)) if match else None


def upload(admin, content, filename):
    return admin.post("/admin/settings", data=brand_form(logo=(io.BytesIO(content), filename)),
                      content_type="multipart/form-data")


def stored(app):
    with app.app_context():
        row = db.session.get(SiteSettings, 1)
        if row is not None:
            db.session.refresh(row)
            return {"logo": row.logo, "logo_type": row.logo_type, "name": row.name,
                    "colour": row.colour, "links": row.footer_links, "contact": row.contact}
        return None


def test_the_default_brand_is_a_neutral_codesign(client):
    page = text_of(client.get("/"))
    assert "· Codesign</title>" in page
    assert 'govuk-generic-header__homepage-link' in page
    assert "/brand/style.css" not in page and "/brand/logo" not in page


def test_the_name_reaches_header_title_footer_and_mail(app, admin, client, smtp_sink):
    response = admin.post("/admin/settings", data=brand_form(
        link_1_label="Northshire Council", link_1_url="https://www.northshire.gov.uk/",
        contact="Write to **Civic Centre**, Northshire"))
    assert response.status_code == 302
    page = text_of(client.get("/"))
    assert "· Have your say, Northshire</title>" in page
    link = '<a class="govuk-footer__link" href="https://www.northshire.gov.uk/">Northshire Council</a>'
    assert link in page
    assert "<strong>Civic Centre</strong>" in page
    client.post("/auth/register", data={
        "email": "new@example.org", "display_name": "Newcomer", "password": PASSWORD,
        "confirm": PASSWORD, "csrf_token": _token(client, "/auth/register")})
    with app.app_context():
        message = db.session.scalars(db.select(OutboxMessage)).one()
    assert message.subject == "Confirm your email address for Have your say, Northshire"
    assert message.text_body.rstrip().endswith("Have your say, Northshire")
    assert "Codesign" not in message.text_body


def _token(client, path):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_the_colour_reaches_pages_by_a_cacheable_stylesheet(admin, client):
    admin.post("/admin/settings", data=brand_form(colour="#0B0C0C"))
    page = client.get("/").get_data(as_text=True)
    href = re.search(r'href="(/brand/style\.css\?v=\d+)"', page).group(1)
    css = client.get(href)
    assert css.mimetype == "text/css" and "--govuk-brand-colour: #0b0c0c;" in css.get_data(as_text=True)
    assert "max-age=31536000" in css.headers["Cache-Control"] and css.headers["ETag"]
    again = client.get(href, headers={"If-None-Match": css.headers["ETag"]})
    assert again.status_code == 304
    assert "style=" not in page  # the strict CSP (no inline style) holds


@pytest.mark.parametrize("typed", ["#ffdd00", "#1d70b8aa", "blue", "#7fb3e0"])
def test_a_colour_without_aa_contrast_is_refused_and_kept(admin, app, typed):
    response = admin.post("/admin/settings", data=brand_form(colour=typed))
    assert response.status_code == 422
    message = error_beside(response, "colour")
    assert message and ("4.5:1" in message or "hex code" in message)
    assert f'value="{typed}"' in response.get_data(as_text=True)
    assert stored(app) is None


def test_the_contrast_message_gives_the_ratio(admin):
    message = error_beside(admin.post("/admin/settings", data=brand_form(colour="#ffdd00")),
                           "colour")
    assert "1.3:1" in message and "4.5:1" in message


def test_a_png_is_stored_and_served_as_an_image(admin, app, client):
    assert upload(admin, png(), "logo.png").status_code == 302
    page = client.get("/").get_data(as_text=True)
    src = re.search(r'<img class="app-brand-logo" src="(/brand/logo\?v=\d+)"', page).group(1)
    logo = client.get(src)
    assert logo.status_code == 200 and logo.mimetype == "image/png" and logo.data == png()
    assert logo.headers["X-Content-Type-Options"] == "nosniff"


def test_a_png_renamed_svg_is_taken_for_what_it_is(admin, app):
    assert upload(admin, png(), "logo.svg").status_code == 302
    assert stored(app)["logo_type"] == "image/png"


def test_an_svg_is_served_as_an_image_under_a_restrictive_policy(admin, app, client):
    assert upload(admin, SVG, "logo.svg").status_code == 302
    logo = client.get("/brand/logo")
    assert logo.mimetype == "image/svg+xml"
    assert "sandbox" in logo.headers["Content-Security-Policy"]
    assert "default-src 'none'" in logo.headers["Content-Security-Policy"]
    assert logo.headers["X-Content-Type-Options"] == "nosniff"
    assert "<svg" not in client.get("/").get_data(as_text=True)  # never inlined


@pytest.mark.parametrize("content", [
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
    b'<a x:href="javascript:alert(1)"><rect width="1" height="1"/></a></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.test/x.css);'
    b'</style></svg>',
    b'<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href" to="javascript:x"/></svg>',
    b'<?xml-stylesheet href="https://evil.test/x.css"?><svg xmlns="http://www.w3.org/2000/svg"/>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:\\75rl(https://evil.test/x)"/>'
    b'</svg>',
], ids=["script", "onload", "javascript-link", "foreignObject", "import", "entity", "set",
        "stylesheet-instruction", "css-escape"])
def test_an_svg_that_acts_is_refused(admin, app, content):
    response = upload(admin, content, "logo.svg")
    assert response.status_code == 422
    assert error_beside(response, "logo")
    assert stored(app) is None


@pytest.mark.parametrize("content, filename", [
    (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "logo.png"),  # a Windows executable
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "logo.png"),
    (png()[:-6], "logo.png"),  # cut short
    (png()[:30] + b"X" + png()[31:], "logo.png"),  # a chunk's CRC no longer matches
    (b"<html><body>hello</body></html>", "logo.svg"),
    (b"GIF89a" + b"\x00" * 20, "logo.png"),
])
def test_what_is_not_a_png_or_svg_is_refused_whatever_its_name(admin, app, content, filename):
    response = upload(admin, content, filename)
    assert response.status_code == 422
    assert "PNG or SVG" in error_beside(response, "logo")
    assert stored(app) is None


def test_a_logo_over_200_kb_gets_a_clear_message(admin, app):
    big = SVG.replace(b"</svg>", b"<!--" + b"x" * 210_000 + b"--></svg>")
    response = upload(admin, big, "logo.svg")
    assert response.status_code == 422
    assert "200 KB" in error_beside(response, "logo")


def test_a_request_over_the_site_limit_is_413(admin):
    response = upload(admin, b"x" * (2 * 1024 * 1024), "logo.png")
    assert response.status_code == 413


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x",
                                 "//evil.test", "www.example.test", "ftp://example.test/"])
def test_a_footer_link_must_be_http_or_https(admin, app, url):
    response = admin.post("/admin/settings", data=brand_form(link_2_label="Bad",
                                                             link_2_url=url))
    assert response.status_code == 422
    assert "https://" in error_beside(response, "link_2_url")
    assert f'value="{html.escape(url)}"' in response.get_data(as_text=True)
    assert stored(app) is None


def test_a_logo_can_be_removed(admin, app, client):
    upload(admin, png(), "logo.png")
    admin.post("/admin/settings", data=brand_form(remove_logo="y"))
    assert stored(app)["logo"] is None
    assert client.get("/brand/logo").status_code == 404


def test_the_settings_page_shows_what_was_saved(admin):
    admin.post("/admin/settings", data=brand_form(link_1_label="Council",
                                                  link_1_url="https://council.test/",
                                                  contact="Call 01234"))
    page = text_of(admin.get("/admin/settings"))
    assert 'value="Have your say, Northshire"' in page
    assert 'value="https://council.test/"' in page and "Call 01234</textarea>" in page


def test_one_query_at_most_for_the_settings_on_a_page(app, client, admin):
    from sqlalchemy import event
    seen = []

    def record(conn, cursor, statement, *args):
        if "site_settings" in statement:
            seen.append(statement)
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        client.get("/")
        assert len(seen) == 1
        seen.clear()
        client.get("/api/v1/ideas")
        assert seen == []
    finally:
        event.remove(engine, "before_cursor_execute", record)


# -- the first-run checklist -------------------------------------------------

def steps_done(page):
    return len(re.findall(r'class="step-done"', page))


def test_an_empty_site_shows_every_step_to_do(admin):
    page = admin.get("/admin").get_data(as_text=True)
    assert "Setting up the site" in page
    assert steps_done(page) == 0 and page.count('class="step-todo"') == 5


def test_each_step_is_ticked_when_done(app, admin, factory, smtp_sink, admin_user):
    admin.post("/admin/settings", data=brand_form())
    assert steps_done(admin.get("/admin").get_data(as_text=True)) == 1
    area = factory.area("Parks")
    factory.challenge(area=area)
    assert steps_done(admin.get("/admin").get_data(as_text=True)) == 3
    notice = re.search(r"<textarea[^>]*>\n?(.*?)</textarea>",
                       admin.get("/admin/settings/privacy").get_data(as_text=True), re.S).group(1)
    admin.post("/admin/settings/privacy", data={"notice": html.unescape(notice)})
    assert steps_done(admin.get("/admin").get_data(as_text=True)) == 4
    response = admin.post("/admin/settings/test-mail")
    assert response.status_code == 302
    smtp_sink.wait_for(1)
    assert "ada@example.test" in smtp_sink.messages[0]
    assert "Test email from Have your say, Northshire" in smtp_sink.messages[0]
    assert count(app, OutboxMessage, to_address="ada@example.test") == 1
    page = admin.get("/admin").get_data(as_text=True)
    assert steps_done(page) == 5 and "Last sent" in page


def test_a_footer_link_text_without_an_address_is_explained(admin, app):
    response = admin.post("/admin/settings", data=brand_form(link_3_label="Council"))
    assert response.status_code == 422
    assert "Enter the address" in error_beside(response, "link_3_url")
    assert 'value="Council"' in response.get_data(as_text=True)


def test_contact_details_go_through_the_sanitiser(admin, client):
    admin.post("/admin/settings", data=brand_form(
        contact='<img src=x onerror=alert(1)> [call](javascript:alert(1)) **Town Hall**'))
    page = client.get("/").get_data(as_text=True)
    assert "<strong>Town Hall</strong>" in page
    assert "onerror" not in page.split('app-contact"')[1].split("</div>")[0].replace(
        "&lt;img src=x onerror=alert(1)&gt;", "")
    assert 'href="javascript' not in page


def test_the_error_page_keeps_the_brand(admin, client):
    admin.post("/admin/settings", data=brand_form())
    page = text_of(client.get("/no-such-page"))
    assert "· Have your say, Northshire</title>" in page
