"""Administration: ranked roles, service areas, challenges and accounts, for
administrators only."""
import html
import re
from datetime import timedelta

import pytest
from helpers import text_of
from sqlalchemy import func, select

from codesign import localtime, permissions
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Challenge, ModerationAction, Role, ServiceArea, User


@pytest.fixture
def admin_user(factory):
    return factory.user(name="Ada Admin", email="ada@example.test", role="admin")


@pytest.fixture
def admin(browser_for, admin_user):
    return browser_for(admin_user)


def error_beside(response, field):
    match = re.search(rf'<p[^>]*id="{field}-error"[^>]*>(.*?)</p>',
                      response.get_data(as_text=True), re.S)
    return html.unescape(match.group(1)) if match else None


def count(app, model, **where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


# --- roles -----------------------------------------------------------------

def test_each_role_can_do_what_the_roles_before_it_can(factory):
    order = ["resident", "connector", "moderator", "staff", "admin"]
    assert [role.value for role in sorted(Role, key=lambda role: role.rank)] == order
    for held in order:
        user = factory.user(role=held)
        for needed in order:
            expected = order.index(held) >= order.index(needed)
            assert user.has_role(needed) is expected, (held, needed)
            assert permissions.has_role(user, Role(needed)) is expected, (held, needed)
        assert permissions.is_admin(user) is (held == "admin")
        assert permissions.is_staff(user) is (held in ("staff", "admin"))
        assert permissions.is_moderator(user) is (held not in ("resident", "connector"))
        assert permissions.is_connector(user) is (held != "resident")


def test_a_blocked_account_keeps_no_role(factory):
    user = factory.user(role="admin")
    user.blocked_at = utcnow()
    assert user.has_role("admin")  # the stored role is kept for when they are unblocked
    assert not permissions.has_role(user, Role.RESIDENT)
    assert not permissions.is_admin(user)


# --- who may enter ---------------------------------------------------------

ADMIN_PAGES = ["/admin", "/admin/areas", "/admin/areas/new", "/admin/challenges",
               "/admin/challenges/new", "/admin/users"]


@pytest.mark.parametrize("role", ["resident", "moderator", "staff"])
def test_only_administrators_may_enter(app, factory, browser_for, role):
    area = factory.area()
    challenge = factory.challenge(area=area)
    target = factory.user()
    visitor = browser_for(factory.user(role=role))
    pages = ADMIN_PAGES + [f"/admin/areas/{area.id}/edit", f"/admin/challenges/{challenge.id}/edit",
                           f"/admin/users/{target.id}"]
    for path in pages:
        assert visitor.get(path).status_code == 403, path
    posts = [f"/admin/areas/{area.id}/edit", "/admin/areas/new", f"/admin/challenges/{challenge.id}/close",
             f"/admin/users/{target.id}/role", f"/admin/users/{target.id}/block"]
    for path in posts:
        assert visitor.post(path, {"name": "X", "role": "admin", "reason": "spam", "note": "n"}
                            ).status_code == 403, path
    assert factory.get(User, target.id).role == "resident"
    assert factory.get(ServiceArea, area.id).name != "X"
    assert "Admin</a>" not in visitor.get("/ideas").get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for path in ADMIN_PAGES:
        response = client.get(path)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_administrators_see_every_page(admin):
    for path in ADMIN_PAGES:
        assert admin.get(path).status_code == 200, path
    assert 'href="/admin"' in admin.get("/ideas").get_data(as_text=True)
    for path in ("/admin/areas/999999/edit", "/admin/challenges/999999/edit", "/admin/users/999999",
                 "/admin/users/99999999999/role"):
        assert admin.get(path).status_code in (404, 405), path
    assert admin.post("/admin/challenges/999999/close").status_code == 404


# --- service areas ---------------------------------------------------------

def test_admin_adds_and_renames_a_service_area(app, admin, factory):
    response = admin.post("/admin/areas/new", {"name": "Libraries", "description": "Books **and** more"})
    assert response.status_code == 302
    page = admin.get("/admin/areas").get_data(as_text=True)
    assert "Libraries" in page and "Books <strong>and</strong> more" in page
    with app.app_context():
        area_id = db.session.scalar(select(ServiceArea.id).where(ServiceArea.name == "Libraries"))

    assert admin.get(f"/admin/areas/{area_id}/edit").status_code == 200
    response = admin.post(f"/admin/areas/{area_id}/edit",
                          {"name": "Libraries and archives", "description": ""})
    assert response.status_code == 302
    area = factory.get(ServiceArea, area_id)
    assert (area.name, area.description) == ("Libraries and archives", "")


@pytest.mark.parametrize("name, message", [
    ("Parks", "already a service area called “Parks”"),
    ("parks", "already a service area called “parks”"),
    ("", "Enter a name"),
    ("n" * 81, "80 characters"),
])
def test_a_bad_area_name_is_explained_beside_the_field(app, admin, factory, name, message):
    factory.area(name="Parks")
    response = admin.post("/admin/areas/new", {"name": name, "description": "Kept text"})
    assert response.status_code == 422
    assert message in error_beside(response, "name")
    assert 'href="#name"' in response.get_data(as_text=True)
    assert "<title>Error:" in response.get_data(as_text=True)
    assert "Kept text" in text_of(response)
    assert count(app, ServiceArea) == 1


def test_renaming_to_a_taken_name_is_refused(app, admin, factory):
    factory.area(name="Parks")
    roads = factory.area(name="Roads")
    response = admin.post(f"/admin/areas/{roads.id}/edit", {"name": "PARKS"})
    assert response.status_code == 422
    assert "already a service area" in error_beside(response, "name")
    assert factory.get(ServiceArea, roads.id).name == "Roads"
    # Keeping its own name is not a clash.
    assert admin.post(f"/admin/areas/{roads.id}/edit", {"name": "Roads", "description": "x"}
                      ).status_code == 302


# --- challenges ------------------------------------------------------------

def challenge_form(area, **changes):
    today = utcnow().date()
    data = {"question": "How might we open libraries longer?", "description": "Tell us *why*.",
            "service_area": str(area.id), "opens_on": (today - timedelta(days=1)).isoformat(),
            "closes_on": (today + timedelta(days=30)).isoformat()}
    data.update(changes)
    return data


def only_challenge(app):
    with app.app_context():
        challenge = db.session.scalars(select(Challenge)).one()
        db.session.expunge(challenge)
        return challenge


def test_admin_adds_and_edits_a_challenge(app, admin, factory):
    area, other = factory.area(name="Libraries"), factory.area(name="Parks")
    response = admin.post("/admin/challenges/new", challenge_form(area))
    assert response.status_code == 302
    challenge = only_challenge(app)
    today = utcnow().date()
    with app.app_context():  # local days: from the start of one to the end of the other
        assert challenge.opens_at == localtime.to_utc(today - timedelta(days=1))
        assert challenge.closes_at == localtime.end_of_day(today + timedelta(days=30))
    assert challenge.is_open and challenge.description == "Tell us *why*."
    page = text_of(admin.get("/admin/challenges"))
    assert "How might we open libraries longer?" in page and "Open" in page

    form = admin.get(f"/admin/challenges/{challenge.id}/edit").get_data(as_text=True)
    assert f'value="{(today - timedelta(days=1)).isoformat()}"' in form
    assert 'type="date"' in form
    response = admin.post(f"/admin/challenges/{challenge.id}/edit", challenge_form(
        other, question="How might we green the parks?"))
    assert response.status_code == 302
    challenge = only_challenge(app)
    assert (challenge.question, challenge.service_area_id) == ("How might we green the parks?", other.id)


@pytest.mark.parametrize("field, changes, message", [
    ("closes_on", {"closes_on": "2030-01-01", "opens_on": "2030-01-01", "closing_time": "00:00"},
     "must close after it opens"),
    ("closes_on", {"closes_on": "2029-12-31", "opens_on": "2030-01-01"}, "cannot be before the opening day"),
    ("closing_time", {"closing_time": "5pm"}, "Enter a time of day, like 17:00"),
    ("opens_on", {"opens_on": "31/12/2030"}, "Enter a real date"),
    ("opens_on", {"opens_on": ""}, "Enter the day the challenge opens"),
    ("question", {"question": ""}, "Enter the question"),
    ("question", {"question": "q" * 201}, "200 characters"),
    ("service_area", {"service_area": "999999"}, "Choose one of the service areas"),
])
def test_bad_challenge_input_is_explained_beside_the_field(app, admin, factory, field, changes, message):
    area = factory.area()
    response = admin.post("/admin/challenges/new", challenge_form(area, **changes))
    assert response.status_code == 422
    assert message in (error_beside(response, field) or "")
    assert "Tell us *why*." in text_of(response)  # typed values are kept
    assert count(app, Challenge) == 0


def test_close_now_and_reopen(app, admin, factory):
    challenge = factory.challenge()
    response = admin.post(f"/admin/challenges/{challenge.id}/close")
    assert response.status_code == 302
    closed = factory.get(Challenge, challenge.id)
    assert not closed.is_open and closed.closes_at <= utcnow()
    assert "takes no new ideas" in text_of(admin.get("/admin/challenges"))

    admin.post(f"/admin/challenges/{challenge.id}/close")
    assert "already closed" in text_of(admin.get("/admin/challenges"))
    assert factory.get(Challenge, challenge.id).closes_at == closed.closes_at

    assert admin.post(f"/admin/challenges/{challenge.id}/reopen").status_code == 302
    reopened = factory.get(Challenge, challenge.id)
    assert reopened.is_open
    assert reopened.closes_at > utcnow() + timedelta(days=29)
    admin.post(f"/admin/challenges/{challenge.id}/reopen")
    assert "already open" in text_of(admin.get("/admin/challenges"))


def test_a_challenge_that_has_not_opened_cannot_be_closed_or_reopened(app, admin, factory):
    area = factory.area()
    now = utcnow()
    with app.app_context():
        row = Challenge(question="Later?", service_area_id=area.id, opens_at=now + timedelta(days=5),
                        closes_at=now + timedelta(days=9))
        db.session.add(row)
        db.session.flush()
        challenge_id = row.id
        db.session.commit()
    admin.post(f"/admin/challenges/{challenge_id}/close")
    assert "has not opened yet" in text_of(admin.get("/admin/challenges"))
    admin.post(f"/admin/challenges/{challenge_id}/reopen")
    assert "has not opened yet" in text_of(admin.get("/admin/challenges"))
    assert factory.get(Challenge, challenge_id).closes_at == now + timedelta(days=9)


# --- accounts --------------------------------------------------------------

def test_people_are_searched_by_email_or_name_fifty_a_page(admin, factory):
    for n in range(53):
        factory.user(name=f"Pager {n}", email=f"pager{n:02}@example.test")
    factory.user(name="Zed Quill", email="zed@elsewhere.test")

    by_name = text_of(admin.get("/admin/users?q=quill"))
    assert "zed@elsewhere.test" in by_name and "pager00@" not in by_name
    by_email = text_of(admin.get("/admin/users?q=ELSEWHERE"))
    assert "Zed Quill" in by_email and "1 account" in by_email

    first = text_of(admin.get("/admin/users?q=pager"))
    assert "53 accounts" in first
    assert first.count("@example.test</td>") == 50 and "page=2" in first
    second = text_of(admin.get("/admin/users?q=pager&page=2"))
    assert second.count("@example.test</td>") == 3
    assert "pager52@example.test" in second
    # LIKE wildcards typed in the box are searched for literally.
    assert "0 accounts" in text_of(admin.get("/admin/users?q=%25"))


def test_admin_changes_a_role(app, admin, factory):
    person = factory.user(name="Mo")
    page = admin.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert "Change role" in page and 'name="role"' in page
    response = admin.post(f"/admin/users/{person.id}/role", {"role": "moderator"})
    assert response.status_code == 302
    assert factory.get(User, person.id).role == "moderator"

    response = admin.post(f"/admin/users/{person.id}/role", {"role": "overlord"})
    assert response.status_code == 422
    assert "Choose one of the roles" in error_beside(response, "role")
    assert factory.get(User, person.id).role == "moderator"


def test_an_admin_cannot_demote_themselves(app, admin, admin_user, factory):
    response = admin.post(f"/admin/users/{admin_user.id}/role", {"role": "staff"})
    assert response.status_code == 422
    assert "cannot lower your own role" in error_beside(response, "role")
    assert factory.get(User, admin_user.id).role == "admin"


def test_an_admin_cannot_demote_another_admin_to_block_them(app, admin, factory):
    """Issue 10.15: one admin demoted another and then blocked them. Only an
    operator on the server changes an admin's role."""
    other = factory.user(role="admin")
    page = text_of(admin.get(f"/admin/users/{other.id}"))
    assert 'name="role"' not in page and "flask users set-role" in page
    response = admin.post(f"/admin/users/{other.id}/role", {"role": "resident"})
    assert response.status_code == 422
    assert "no administrator can demote or block another" in text_of(response)
    assert factory.get(User, other.id).role == "admin"
    assert admin.post(f"/admin/users/{other.id}/block",
                      {"reason": "spam", "note": "x"}).status_code == 403
    assert factory.get(User, other.id).blocked_at is None
    # Making someone an admin is still an admin's to do.
    person = factory.user()
    assert admin.post(f"/admin/users/{person.id}/role", {"role": "admin"}).status_code == 302
    assert factory.get(User, person.id).role == "admin"


def test_admin_blocks_and_unblocks_an_account(app, admin, factory):
    person = factory.user(name="Troll")
    response = admin.post(f"/admin/users/{person.id}/block", {"reason": "", "note": ""})
    assert response.status_code == 422
    assert "Choose the reason" in error_beside(response, "reason")
    assert factory.get(User, person.id).blocked_at is None

    response = admin.post(f"/admin/users/{person.id}/block", {"reason": "spam", "note": "Adverts"})
    assert response.status_code == 302
    assert factory.get(User, person.id).blocked_at is not None
    assert count(app, ModerationAction, user_id=person.id, action="block") == 1
    page = text_of(admin.get(f"/admin/users/{person.id}"))
    assert "Unblock this account" in page
    assert "Blocked" in text_of(admin.get("/admin/users?q=troll"))

    again = admin.post(f"/admin/users/{person.id}/block", {"reason": "spam", "note": "Again"})
    assert again.status_code == 422 and "already blocked" in text_of(again)
    assert count(app, ModerationAction, user_id=person.id, action="block") == 1

    assert admin.post(f"/admin/users/{person.id}/unblock", {"note": ""}).status_code == 302
    assert factory.get(User, person.id).blocked_at is None
    assert count(app, ModerationAction, user_id=person.id, action="unblock") == 1


def test_an_admin_cannot_block_themselves_or_another_admin(app, admin, admin_user, factory):
    other = factory.user(role="admin")
    for target in (admin_user, other):
        assert "Block this account" not in text_of(admin.get(f"/admin/users/{target.id}"))
        response = admin.post(f"/admin/users/{target.id}/block", {"reason": "spam", "note": "x"})
        assert response.status_code == 403
        assert factory.get(User, target.id).blocked_at is None
