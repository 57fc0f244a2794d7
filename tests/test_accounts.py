"""Who an account is: one per mailbox, one per display name (as it looks),
a role badge nobody can type, a password nobody can guess from the owner's
name or email, a session that starts afresh at sign-in, signed-in pages no
cache keeps, and forms that read form encoding only."""
import re

import pytest
from flask_migrate import downgrade, upgrade
from helpers import PASSWORD, csrf_token, sign_in, text_of
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import IntegrityError
from test_mail import mail_bodies

from codesign import create_app
from codesign.extensions import db
from codesign.formtext import clean_name, name_key
from codesign.mailbox import canonical
from codesign.models import Comment, Idea, NotificationKind, User
from codesign.notifications.services import notify

STAFF_NAME = "Jo Bennett (council staff)"
BADGE = '<span class="app-role-badge">'


def register(client, email="newcomer@example.org", name="New Comer", password=PASSWORD):
    return client.post("/auth/register", data={
        "csrf_token": csrf_token(client, "/auth/register"), "email": email,
        "display_name": name, "password": password, "confirm": password})


def accounts(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def field_error(page, name):
    match = re.search(rf'id="{name}-error"[^>]*>(.*?)</p>', page, re.S)
    return match and re.sub(r"<[^>]+>", "", match.group(1))


# Display names -------------------------------------------------------------------

@pytest.mark.parametrize("typed, stored", [
    ("Jo\u200b Bennett", "Jo Bennett"),            # zero-width space
    ("  Jo \t\n  Bennett ", "Jo Bennett"),          # runs of space of any kind
    ("\uff2a\uff4f Bennett", "Jo Bennett"),          # full-width letters
    ("Jo\u202e Bennett\u2066", "Jo Bennett"),       # direction overrides
    ("Jo\x07 Ben\x1bnett\x00", "Jo Bennett"),        # control characters
    ("Jo\u3164 Bennett\ufe0f", "Jo Bennett"),        # Hangul filler, variation selector
    ("Zoë Ångström", "Zoë Ångström"),
    ("Rene\u0301", "Ren\u00e9"),                      # one é, however it was typed
])
def test_names_are_cleaned_as_typed(app, client, typed, stored):
    assert clean_name(typed) == stored
    assert register(client, name=typed).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User.display_name)) == stored


@pytest.mark.parametrize("look_alike", [
    "jo bennett (council staff)", "JO BENNETT (COUNCIL STAFF)", "Jo\u200b Bennett (council staff)",
    "Jo  Bennett (council staff) ", "\uff2ao Bennett (council staff)", "Jo Bennett (council staff\u00ad)",
])
def test_a_name_that_looks_like_someone_elses_is_refused_without_saying_whose(
        app, client, factory, smtp_sink, look_alike):
    factory.user(name=STAFF_NAME, email="jo.bennett@council.example", role="staff")
    answer = register(client, "impostor@example.org", look_alike)
    assert answer.status_code == 422
    page = text_of(answer)
    error = field_error(page, "display_name")
    assert error and "Someone already uses this display name, or one that looks the same" in error
    assert "jo.bennett@council.example" not in page and 'id="error-summary"' in page
    assert accounts(app) == 1 and smtp_sink.messages == []
    assert register(client, "impostor@example.org", "Jo Bennett, resident").status_code == 302


def test_the_database_refuses_two_names_that_look_alike(app):
    with app.app_context():
        db.session.add(User(email="a@example.org", display_name="Jo Bennett", password_hash="!"))
        db.session.commit()
        db.session.add(User(email="b@example.org", display_name="jo\u200b  BENNETT",
                            password_hash="!"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_name_keys_fold_case_and_look_alikes():
    assert name_key("Straße") == name_key("STRASSE") == "strasse"
    assert name_key("Jo\u200bBennett") == name_key("jobennett")
    assert name_key("Jo Bennett") != name_key("Jo Bennet")


# One mailbox, one account -----------------------------------------------------------

@pytest.mark.parametrize("address, mailbox", [
    ("jo@example.org", "jo@example.org"),
    ("Jo+News@Example.org", "jo@example.org"),
    ("j.o.bennett+x+y@gmail.com", "jobennett@gmail.com"),
    ("Jo.Bennett@googlemail.com", "jobennett@gmail.com"),
    ("jo.bennett@example.org", "jo.bennett@example.org"),  # dots matter elsewhere
    ("+only@example.org", "+only@example.org"),
])
def test_the_mailbox_an_address_delivers_to(address, mailbox):
    assert canonical(address) == mailbox


@pytest.mark.parametrize("owner, second", [
    ("jobennett@gmail.com", "jo.bennett+codesign@gmail.com"),
    ("jo.bennett@gmail.com", "JoBennett@googlemail.com"),
    ("jo@example.org", "jo+again@example.org"),
])
def test_a_second_account_for_one_mailbox_looks_like_any_registration_and_tells_the_owner(
        app, make_client, factory, smtp_sink, owner, second):
    factory.user(email=owner, name="Owner")
    fresh, again = make_client(), make_client()
    first = register(fresh, "someone-new@example.org", "Someone new")
    answer = register(again, second, "A second me")
    assert first.status_code == answer.status_code == 302 and first.location == answer.location
    assert accounts(app) == 2  # the owner and someone new, not a second me
    smtp_sink.wait_for(2)
    to_owner = [body for body in mail_bodies(smtp_sink) if "Hello Owner" in body]
    assert len(to_owner) == 1 and "You already have an account" in to_owner[0]


def test_the_registration_pages_say_one_mailbox_is_one_account(client):
    page = text_of(client.get("/auth/register"))
    assert ("One account per mailbox: addresses that differ only by a +tag, or by dots in a "
            "Gmail address, are the same mailbox.") in page
    # And after sending, for everyone alike (whether the mailbox had an account is not said).
    answer = register(client, "jo+codesign@example.org")
    assert "One mailbox has one account" in text_of(client.get(answer.location))


def test_dots_make_another_mailbox_outside_gmail(app, client, factory):
    factory.user(email="jobennett@example.org")
    assert register(client, "jo.bennett@example.org").status_code == 302
    assert accounts(app) == 2


def test_the_database_refuses_a_second_account_for_one_mailbox(app):
    with app.app_context():
        db.session.add(User(email="jo@gmail.com", display_name="One", password_hash="!"))
        db.session.commit()
        db.session.add(User(email="j.o+2@gmail.com", display_name="Two", password_hash="!"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_the_users_command_applies_both_rules(app, factory):
    factory.user(email="jo@gmail.com", name=STAFF_NAME)
    runner = app.test_cli_runner()

    def create(email, name, password="seven orange kites drift past the library"):
        return runner.invoke(args=["users", "create", email, "--name", name, "--password-stdin"],
                             input=password + "\n")
    taken_mailbox = create("j.o+admin@gmail.com", "Someone")
    assert taken_mailbox.exit_code == 1 and "same mailbox" in taken_mailbox.output
    look_alike = create("other@example.org", "jo bennett (council staff)\u200b")
    assert look_alike.exit_code == 1 and "looks the same" in look_alike.output
    own_email = create("chris.lee@example.org", "Chris Lee", "chris.lee@example.org")
    assert own_email.exit_code == 1 and "based on your name or email address" in own_email.output
    assert accounts(app) == 1


# Passwords ------------------------------------------------------------------------

@pytest.mark.parametrize("password, message", [
    ("aaaaaaaa", "must not be one character repeated, or characters that cannot be seen"),
    ("\u200b" * 8, "must not be one character repeated, or characters that cannot be seen"),
    ("x" + "\u200b" * 8, "must not be one character repeated, or characters that cannot be seen"),
    ("ab" + "\u200b" * 8, "at least 8 characters that can be seen"),
    ("careful.carla@example.org", "must not be based on your name or email address"),
    ("CarlaCareful1990", "must not be based on your name or email address"),
    ("Password123!", "would be easy to guess"),
    ("Sunshine2020", "would be easy to guess"),
])
def test_registration_refuses_a_weak_password_beside_the_field(app, client, password, message):
    answer = register(client, "careful.carla@example.org", "Carla Careful", password)
    assert answer.status_code == 422
    error = field_error(answer.get_data(as_text=True), "password")
    assert error and message in error
    assert accounts(app) == 0


def test_a_reset_refuses_the_accounts_own_email_address(app, client, factory, smtp_sink):
    user = factory.user(email="forgetful.fran@example.org", name="Fran Forgetful")
    client.post("/auth/reset", data={"csrf_token": csrf_token(client, "/auth/reset"),
                                     "email": user.email})
    smtp_sink.wait_for(1)
    [link] = [link for link in smtp_sink.links() if "/auth/reset/" in link]
    path = link.replace("http://localhost", "")
    answer = client.post(path, data={"csrf_token": csrf_token(client, path),
                                     "password": user.email, "confirm": user.email})
    assert answer.status_code == 422
    assert "based on your name or email address" in field_error(answer.get_data(as_text=True),
                                                                 "password")


# Role badges ----------------------------------------------------------------------

def test_staff_carry_a_badge_wherever_their_name_shows_and_a_look_alike_does_not(
        app, factory, browser_for):
    staff = factory.user(name="Jo Bennett", role="staff")
    moderator = factory.user(name="Priya Shah", role="moderator")
    mimic = factory.user(name="Jo Bennett Council staff")
    follower = factory.user(name="Fay Follower")
    idea = factory.idea(author=staff, title="Staff idea about benches")
    mimic_idea = factory.idea(author=mimic, title="Mimic idea about benches")
    assert browser_for(moderator).post(f"/ideas/{idea.id}/comments",
                                       data={"body": "From a moderator"}).status_code == 302
    assert browser_for(staff).post(f"/ideas/{idea.id}/comments",
                                   data={"body": "From staff"}).status_code == 302
    with app.app_context():  # no area sends these yet; the words for them are ready
        comment = db.session.scalar(select(Comment).where(Comment.author_id == staff.id))
        notify([follower.id], NotificationKind.NEW_COMMENT, idea=db.session.get(Idea, idea.id),
               comment=comment)
        db.session.commit()
    browser_for(follower).post(f"/ideas/{mimic_idea.id}/report", data={"reason": "spam",
                                                                        "note": "Pretends"})
    browser_for(staff).post(f"/ideas/{mimic_idea.id}/report", data={"reason": "spam",
                                                                     "note": "Not me"})

    staff_badge = 'Jo Bennett <span class="app-role-badge">Council staff</span>'
    moderator_badge = 'Priya Shah <span class="app-role-badge">Moderator</span>'
    pages = {
        "idea page": browser_for(follower).get(f"/ideas/{idea.id}"),
        "idea list": browser_for(follower).get("/ideas"),
        "search": browser_for(follower).get("/search?q=benches"),
        "notifications": browser_for(follower).get("/notifications"),
        "moderation queue": browser_for(moderator).get("/moderation"),
    }
    for where, response in pages.items():
        page = response.get_data(as_text=True)
        assert response.status_code == 200, where
        assert staff_badge in page, where
        if where == "idea page":
            assert moderator_badge in page, where
        if where in ("idea list", "search", "moderation queue"):
            assert "Jo Bennett Council staff" in page, where
        assert "Jo Bennett Council staff <span" not in page, where
        assert "Fay Follower <span" not in page, where


# The session and the cache ----------------------------------------------------------

def test_the_session_starts_afresh_at_sign_in(client, factory):
    user = factory.user()
    client.get("/ideas")  # a visitor's own order of the idea list
    with client.session_transaction() as session:
        shuffle = session["shuffle"]
        session["planted"] = "by someone else"
    token = csrf_token(client, "/auth/login")
    answer = client.post("/auth/login", data={"csrf_token": token, "email": user.email,
                                              "password": PASSWORD})
    assert answer.status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session and session.get("csrf_token") is None
        assert session["shuffle"] == shuffle and session["_user_id"].startswith(f"{user.id}:")
    assert csrf_token(client, "/ideas/new") != token


def test_signed_in_pages_are_never_kept_by_a_cache(client, factory):
    sign_in(client, factory.user())
    for path in ("/", "/ideas", "/notifications", "/nowhere"):
        assert client.get(path).headers["Cache-Control"] == "private, no-store", path
    assert "no-store" not in client.get("/static/css/app.css").headers.get("Cache-Control", "")


def test_visitors_pages_are_left_to_the_page_cache(client):
    for path in ("/", "/ideas"):
        assert "Cache-Control" not in client.get(path).headers


# Form encoding only -------------------------------------------------------------------

@pytest.mark.parametrize("body", [[], [["email", "x@example.org"]], [[1, [2]]], "text", 5,
                                  {"email": ["a", "b"], "password": {"x": 1}}])
def test_sign_in_with_json_of_any_shape_is_a_clear_4xx(client, body):
    token = csrf_token(client, "/auth/login")
    answer = client.post("/auth/login", json=body, headers={"X-CSRFToken": token})
    assert answer.status_code == 415
    assert "Not a form" in answer.get_data(as_text=True) and answer.mimetype == "text/html"


@pytest.mark.parametrize("body", [123, {}, [], None, ["a"], {"text": "x"}])
def test_a_comment_with_json_of_any_shape_is_a_clear_4xx(app, factory, browser_for, body):
    idea = factory.idea()
    rosa = browser_for(factory.user())
    answer = rosa.client.post(f"/ideas/{idea.id}/comments", json={"body": body},
                              headers={"X-CSRFToken": rosa.token})
    assert answer.status_code == 415
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Comment)) == 0


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml",
                                          "application/json; charset=utf-8"])
def test_other_bodies_are_refused_too(client, content_type):
    token = csrf_token(client, "/auth/reset")
    answer = client.post("/auth/reset", data="email=x@example.org", content_type=content_type,
                         headers={"X-CSRFToken": token})
    assert answer.status_code == 415


def test_supporting_from_the_page_script_still_works(app, factory, browser_for):
    # site.js posts the form's FormData (multipart) and asks for JSON back.
    idea = factory.idea()
    rosa = browser_for(factory.user())
    answer = rosa.client.post(f"/ideas/{idea.id}/vote", data={"csrf_token": rosa.token},
                              content_type="multipart/form-data",
                              headers={"Accept": "application/json"})
    assert answer.status_code == 200 and answer.get_json()["supported"] is True


def test_a_post_without_a_body_is_not_refused_for_its_format(client, factory):
    sign_in(client, factory.user())
    token = csrf_token(client, "/")
    assert client.post("/auth/logout", headers={"X-CSRFToken": token}).status_code == 302


def test_a_json_post_to_an_unknown_address_is_still_a_404(client):
    assert client.post("/nowhere", json={}).status_code == 404


# Migration 0009 on accounts made before it ---------------------------------------------

def test_the_migration_keeps_staff_names_and_the_oldest_mailbox(tmp_path):
    app = create_app({"ENV_NAME": "testing",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'before.db'}"})
    rows = [  # id, email, display_name, role: in the order they registered
        (1, "mimic@example.org", "Jo\u200b Bennett (council staff)", "resident"),
        (2, "jo.bennett@council.example", "Jo Bennett (council staff)", "staff"),
        (3, "sam@gmail.com", "Sam", "resident"),
        (4, "s.a.m+2@gmail.com", "sam", "resident"),
        (5, "blank@example.org", "\u200b\u200b", "resident"),
        (6, "long@example.org", "L" * 60, "resident"),
        (7, "long2@example.org", "l" * 60, "resident"),
    ]
    with app.app_context():
        upgrade(revision="0005")
        with db.engine.begin() as connection:
            for row in rows:
                connection.execute(text(
                    "INSERT INTO user (id, email, display_name, role, password_hash, created_at, "
                    "session_token, email_preference) VALUES (:id, :email, :name, :role, '!', "
                    "'2026-01-01 00:00:00', 'token', 'daily')"),
                    dict(zip(("id", "email", "name", "role"), row, strict=False)))
        upgrade(revision="0009")
        engine = create_engine(str(db.engine.url))
        with engine.connect() as connection:
            found = {row.id: row for row in connection.execute(text(
                "SELECT id, display_name, display_name_key, email_mailbox FROM user"))}
        engine.dispose()
        assert found[2].display_name == "Jo Bennett (council staff)"
        assert found[1].display_name == "Jo Bennett (council staff) 2"
        assert (found[3].display_name, found[4].display_name) == ("Sam", "sam 2")
        assert found[3].email_mailbox == "sam@gmail.com" and found[4].email_mailbox is None
        assert found[5].display_name == "Resident 5"
        assert found[7].display_name == "l" * 58 + " 2" and len(found[7].display_name) == 60
        assert len({row.display_name_key for row in found.values()}) == len(rows)
        assert all(row.display_name_key == name_key(row.display_name) for row in found.values())
        downgrade(revision="0005")
        db.engine.dispose()


# The seeder ------------------------------------------------------------------------------

def test_seeded_people_have_names_of_their_own(app, factory):
    factory.user(name="María García")  # made by hand before the seed, a name it also draws
    result = app.test_cli_runner().invoke(args=[
        "seed", "--users", "400", "--ideas", "20", "--votes", "100", "--comments", "20"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        names = db.session.scalars(select(User.display_name)).all()
        keys = db.session.scalars(select(User.display_name_key)).all()
    assert len(names) == 401 and len(set(keys)) == 401
    assert "María García 2" in names
