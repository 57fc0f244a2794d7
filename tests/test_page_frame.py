"""The frame of every page (the head's links, the header with its
navigation, the footer: templates/_frame.html) is kept rendered under the
values it shows (codesign/pageframe.py). Each test renders a page first, so
the frame is kept, then changes one thing it shows, or asks as someone
else, and checks that the next page shows what is true for that person now:
never another person's name, count or form token, never a stale brand or
menu."""
import re
from urllib.parse import unquote

import pytest
from helpers import sign_in, text_of

from codesign import fragments
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Notification, SiteSettings, User


def page(client, path="/ideas"):
    response = client.get(path)
    assert response.status_code == 200
    return text_of(response)


def unread(html):
    found = re.search(r'class="app-badge">\((\d+) unread\)', html)
    return int(found.group(1)) if found else 0


def header_token(client, path="/ideas"):
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def notify(app, user, read=False):
    with app.app_context():
        db.session.add(Notification(user_id=user.id, kind="new_comment", detail="News",
                                    read_at=utcnow() if read else None))
        db.session.commit()


def change(app, model, pk, **values):
    with app.app_context():
        row = db.session.get(model, pk) or model(id=pk)
        for name, value in values.items():
            setattr(row, name, value)
        db.session.add(row)
        db.session.commit()


@pytest.fixture
def two(app, factory, make_client):
    """Two residents signed in, and the frame kept from the first one's page."""
    rosa, ivan = factory.user(name="Rosa Parkside"), factory.user(name="Ivan Elm")
    clients = []
    for person in (rosa, ivan):
        client = make_client()
        sign_in(client, person)
        clients.append(client)
    page(clients[0])
    assert any(key[0] == "page_header" for key in app.extensions[fragments.EXTENSION].fragments)
    return (rosa, clients[0]), (ivan, clients[1])


def test_each_person_sees_their_own_name_and_unread_count(app, two):
    (rosa, rosa_client), (ivan, ivan_client) = two
    notify(app, rosa)
    notify(app, rosa)
    assert unread(page(rosa_client)) == 2
    theirs = page(ivan_client)
    assert unread(theirs) == 0 and "Signed in as Ivan Elm" in theirs and "Rosa" not in theirs
    notify(app, ivan)
    assert unread(page(ivan_client)) == 1
    assert unread(page(rosa_client)) == 2


def test_the_unread_count_follows_each_notification_read(app, two):
    (rosa, client), _ = two
    notify(app, rosa)
    assert unread(page(client)) == 1
    with app.app_context():
        db.session.execute(db.update(Notification).values(read_at=utcnow()))
        db.session.commit()
    html = page(client)
    assert unread(html) == 0 and "unread)" not in html


def test_each_person_gets_their_own_form_token_and_it_signs_them_out(app, two):
    (_, rosa_client), (_, ivan_client) = two
    rosa_token, ivan_token = header_token(rosa_client), header_token(ivan_client)
    assert rosa_token != ivan_token
    assert fragments.TOKEN_SLOT not in page(ivan_client)
    assert ivan_client.post("/auth/logout", data={"csrf_token": ivan_token}).status_code == 302
    assert "Sign in" in page(ivan_client) and "Signed in as" not in page(ivan_client)
    # Still signed in: the other person's kept header gave them their own token.
    assert "Signed in as Rosa Parkside" in page(rosa_client)


def test_the_menu_follows_the_person_s_roles(app, two):
    (rosa, client), _ = two
    assert "Moderation" not in page(client)
    change(app, User, rosa.id, role="moderator")
    html = page(client)
    assert 'href="/moderation"' in html and 'href="/staff"' not in html
    change(app, User, rosa.id, role="admin")
    html = page(client)
    assert all(f'href="{path}"' in html for path in ("/moderation", "/staff", "/admin"))
    change(app, User, rosa.id, blocked_at=utcnow())
    assert 'href="/admin"' not in page(client)


def test_a_visitor_never_gets_a_signed_in_header(app, two, client):
    html = page(client)
    assert "Sign out" not in html and "Signed in as" not in html and 'href="/auth/login"' in html


def test_the_current_section_is_marked_on_each_page(two):
    (_, client), _ = two
    current = re.compile(r'aria-current="true">\s*<strong[^>]*>([^<]+)<')
    assert current.findall(page(client, "/ideas")) == ["Ideas"]
    assert current.findall(page(client, "/proposals")) == ["Proposals"]
    assert current.findall(page(client, "/ideas/new")) == ["Propose an idea"]


def test_the_language_link_leads_back_to_this_page(two):
    (_, client), _ = two
    for path in ("/ideas?sort=newest", "/proposals"):
        html = client.get(path).get_data(as_text=True)
        link = re.search(r'href="/language/cy\?next=([^"]*)"', html).group(1)
        assert unquote(link) == path


def test_the_brand_s_new_name_logo_and_footer_show_at_once(app, two, client):
    (_, signed_in), _ = two
    page(client)
    change(app, SiteSettings, 1, name="Northshire Says", brand_version=2,
           footer_links='[{"label": "Council", "url": "https://northshire.example/"}]')
    for who in (signed_in, client):
        html = page(who)
        assert "Northshire Says</a>" in html.replace("\n", "").replace("  ", "")
        assert "Northshire Says: redesign public services" in html
        assert 'href="https://northshire.example/">Council</a>' in html
    change(app, SiteSettings, 1, colour="#0b0c0c", brand_version=3)
    assert "/brand/style.css?v=3" in client.get("/ideas").get_data(as_text=True)


def test_welsh_pages_get_a_welsh_frame(app, two):
    (rosa, client), _ = two
    change(app, User, rosa.id, locale="cy")
    html = page(client)
    assert "Allgofnodi" in html and "Syniadau" in html and "Sign out" not in html
    change(app, User, rosa.id, locale="en")
    html = page(client)
    assert "Sign out" in html and "Allgofnodi" not in html
