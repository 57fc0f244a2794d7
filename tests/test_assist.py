"""Assisted participation: connectors enter ideas, comments and supports for
residents who are not online; residents follow them by reference number."""
import re

import pytest
from helpers import count, text_of
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from codesign.counts import find_drift
from codesign.extensions import db
from codesign.formtext import person_key, postcode_district
from codesign.models import (
    AssistedEntry,
    AssistedResident,
    Comment,
    Idea,
    OutboxMessage,
    Support,
)

HOW = {"channel": "desk", "where": "Central Library", "agreed": "y"}


@pytest.fixture
def connector(factory):
    return factory.user(name="Connie Connector", role="connector")


@pytest.fixture
def connie(browser_for, connector):
    return browser_for(connector)


def start(browser, name="Ada Lovelace", postcode="CF10 1AB", email="", **extra):
    response = browser.post("/assist", {"name": name, "postcode": postcode, "email": email,
                                        "phone": "", "language": "en", "agreed": "y", **extra})
    assert response.status_code == 302, text_of(response)
    return response.headers["Location"].rsplit("/", 1)[-1]


def test_the_person_key_ignores_case_spaces_accents_and_punctuation():
    assert person_key("  Siân   O'Neil ") == person_key("SIAN ONEIL") == "sian oneil"
    assert postcode_district("cf10 1ab") == "CF10"
    assert postcode_district("CF1 1AB") == "CF1"
    assert postcode_district("") == ""
    assert postcode_district("nowhere") is None


def test_a_connector_enters_an_idea_and_the_page_says_who_and_where(app, factory, connie):
    area = factory.area()
    reference = start(connie, email="ada@example.org")
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", reference)
    response = connie.post(f"/assist/{reference}/idea", {
        "title": "Large print books", "description": "More of them, please.",
        "service_area": str(area.id), "challenge": "", "place": "", **HOW})
    assert response.status_code == 302
    with app.app_context():
        idea = db.session.scalar(select(Idea).where(Idea.title == "Large print books"))
        entry = db.session.scalar(select(AssistedEntry).where(AssistedEntry.idea_id == idea.id))
        assert (entry.kind, entry.channel, entry.place, entry.agreed) == (
            "idea", "desk", "Central Library", True)
        idea_id = idea.id
    page = text_of(connie.get(f"/ideas/{idea_id}"))
    assert "Entered by Connie Connector" in page and "for a resident, at Central Library" in page
    # The resident's name and contact are nowhere public.
    assert "Ada Lovelace" not in page and "ada@example.org" not in page
    assert "Ada Lovelace" not in text_of(connie.get(f"/api/v1/ideas/{idea_id}"))
    assert "Ada Lovelace" not in text_of(connie.get("/search?q=Lovelace"))


def test_the_same_name_and_district_is_the_same_resident(app, connie, browser_for, factory):
    first = start(connie, name="Siân O'Neil", postcode="CF10 1AB")
    other = browser_for(factory.user(name="Cai", role="connector"))
    assert start(other, name="sian   oneil", postcode="cf10") == first
    assert start(other, name="Sian ONeil", postcode="CF11") != first
    assert count(app, AssistedResident) == 2


def test_only_the_connector_who_entered_a_resident_adds_their_contact(app, connie, browser_for,
                                                                       factory):
    reference = start(connie, name="Ada Lovelace", postcode="CF10 1AB")
    other = browser_for(factory.user(name="Cai", role="connector"))
    assert start(other, name="Ada Lovelace", postcode="CF10", email="cai@example.org") == reference
    with app.app_context():
        resident = db.session.scalar(select(AssistedResident).where(
            AssistedResident.reference == reference))
        assert resident.contact_email is None
    start(connie, name="Ada Lovelace", postcode="CF10", email="ada@example.org")
    with app.app_context():
        assert db.session.scalar(select(AssistedResident.contact_email).where(
            AssistedResident.reference == reference)) == "ada@example.org"


def test_an_in_person_support_counts_once_whoever_enters_it(app, factory, connie, browser_for):
    idea = factory.idea()
    reference = start(connie)
    response = connie.post(f"/assist/{reference}/support", {"idea": str(idea.id), **HOW})
    assert response.status_code == 302
    other = browser_for(factory.user(name="Cai", role="connector"))
    again = start(other, name="ada  LOVELACE", postcode="cf10")
    assert again == reference
    refused = other.post(f"/assist/{again}/support", {"idea": str(idea.id), **HOW})
    assert refused.status_code == 422
    page = text_of(refused)
    assert "already supports this idea" in page
    assert f'value="{idea.id}"' in page  # the typed value is kept
    fresh = factory.get(Idea, idea.id)
    assert (fresh.support_count, fresh.in_person_support_count) == (1, 1)
    assert count(app, Support, idea_id=idea.id) == 1
    detail = text_of(connie.get(f"/ideas/{idea.id}"))
    assert "1 given in person" in detail
    with app.app_context():
        assert not any(find_drift(db.session).values())


def test_the_database_refuses_a_second_in_person_support(app, factory, connector):
    idea = factory.idea()
    with app.app_context():
        resident = AssistedResident(name="Ada", name_key="ada", connector_id=connector.id)
        db.session.add(resident)
        db.session.flush()
        db.session.add(Support(assisted_resident_id=resident.id, idea_id=idea.id))
        db.session.flush()
        db.session.add(Support(assisted_resident_id=resident.id, idea_id=idea.id))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_a_comment_is_entered_with_its_place(app, factory, connie):
    idea = factory.idea()
    reference = start(connie)
    response = connie.post(f"/assist/{reference}/comment",
                           {"idea": str(idea.id), "body": "Open on Sundays.", **HOW})
    assert response.status_code == 302
    page = text_of(connie.get(f"/ideas/{idea.id}"))
    assert "Open on Sundays." in page and "for a resident, at Central Library" in page
    assert count(app, AssistedEntry, kind="comment") == 1


def test_bad_input_is_a_message_beside_the_field(app, factory, connie):
    reference = start(connie)
    unknown = connie.post(f"/assist/{reference}/support", {"idea": "999999", **HOW})
    assert unknown.status_code == 422 and "There is no idea number 999999" in text_of(unknown)
    unticked = connie.post(f"/assist/{reference}/support",
                           {"idea": str(factory.idea().id), "channel": "desk", "where": "Hub"})
    assert unticked.status_code == 422 and "tick the box" in text_of(unticked)
    postcode = connie.post("/assist", {"name": "Ada", "postcode": "nowhere at all",
                                       "agreed": "y", "language": "en"})
    assert postcode.status_code == 422 and 'value="nowhere at all"' in text_of(postcode)
    assert connie.get("/assist/AAAA-AAAA-AAAA").status_code == 404


def test_residents_cannot_assist_and_blocked_connectors_cannot_enter(
        app, factory, rosa, connector, connie):
    assert rosa.get("/assist").status_code == 403
    reference = start(connie)
    with app.app_context():
        from codesign.clock import utcnow
        from codesign.models import User
        db.session.get(User, connector.id).blocked_at = utcnow()
        db.session.commit()
    assert connie.post(f"/assist/{reference}/support",
                       {"idea": str(factory.idea().id), **HOW}).status_code == 403


def test_the_slip_and_the_track_page(app, factory, connie, client):
    idea = factory.idea(title="Benches in the park")
    reference = start(connie, email="ada@example.org")
    connie.post(f"/assist/{reference}/support", {"idea": str(idea.id), **HOW})
    slip = text_of(connie.get(f"/assist/{reference}/slip"))
    assert reference in slip and f"/track/{reference}" in slip
    assert 'href="/static/css/slip.css"' in slip
    tracked = client.get(f"/track/{reference}")
    assert tracked.status_code == 200
    page = text_of(tracked)
    assert "Benches in the park" in page
    assert "Ada Lovelace" not in page and "ada@example.org" not in page and "CF10" not in page
    # Typed loosely, the form finds it; unknown, the message is beside the field.
    found = client.get("/track", query_string={"reference": reference.lower().replace("-", " ")})
    assert found.status_code == 302 and found.headers["Location"].endswith(f"/track/{reference}")
    missing = client.get("/track", query_string={"reference": "ZZZZ-1234"})
    assert missing.status_code == 422
    assert "No reference number matches" in text_of(missing)
    assert 'value="ZZZZ-1234"' in text_of(missing)
    assert client.get("/track/AAAA-AAAA-AAAA").status_code == 404
    assert client.get("/track").status_code == 200


def test_the_resident_hears_staff_answer_by_email(app, factory, connie, browser_for):
    idea = factory.idea(title="Later opening")
    reference = start(connie, email="Ada@Example.org")
    connie.post(f"/assist/{reference}/support", {"idea": str(idea.id), **HOW})
    staff = browser_for(factory.user(name="Sam", role="staff"))
    response = staff.post(f"/staff/ideas/{idea.id}/status",
                          {"status": "under_review", "response": "We are looking at it."})
    assert response.status_code == 302
    with app.app_context():
        [message] = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.to_address == "ada@example.org")).all()
        assert "Later opening" in message.subject
        assert "We are looking at it." in message.text_body
        assert f"http://localhost/track/{reference}" in message.text_body
        assert f"http://localhost/ideas/{idea.id}" in message.text_body


def test_moderators_see_every_entry_by_connector_and_day(app, factory, connie, browser_for,
                                                        connector):
    idea = factory.idea(title="Quiet hours")
    reference = start(connie)
    connie.post(f"/assist/{reference}/support", {"idea": str(idea.id), **HOW})
    moderator = browser_for(factory.user(name="Mo", role="moderator"))
    page = text_of(moderator.get("/moderation/assisted"))
    assert "Connie Connector" in page and "Quiet hours" in page and "Central Library" in page
    assert "Ada Lovelace" not in page
    mine = text_of(moderator.get(f"/moderation/assisted?connector={connector.id}"))
    assert f'action="/moderation/users/{connector.id}/block"' in mine
    assert moderator.get("/moderation/assisted?day=not-a-day&page=x").status_code == 200
    assert connie.get("/moderation/assisted").status_code == 403


def test_the_private_data_is_in_nobodys_data_export(app, factory, connie, connector):
    idea = factory.idea()
    reference = start(connie, email="ada@example.org")
    connie.post(f"/assist/{reference}/comment", {"idea": str(idea.id), "body": "Yes!", **HOW})
    export = connie.post("/account/data")
    body = export.get_data(as_text=True)
    assert "Ada Lovelace" not in body and "ada@example.org" not in body


def test_deleting_the_connectors_account_keeps_the_entries(app, factory, connie, connector):
    idea = factory.idea()
    reference = start(connie)
    connie.post(f"/assist/{reference}/comment", {"idea": str(idea.id), "body": "Keep me", **HOW})
    with app.app_context():
        from codesign.deletion.services import delete_account
        from codesign.models import User
        delete_account(db.session.get(User, connector.id))
        db.session.commit()
    page = text_of(connie.client.application.test_client().get(f"/ideas/{idea.id}"))
    assert "Keep me" in page and "Former resident" in page
    assert count(app, AssistedEntry) == 1 and count(app, Comment, idea_id=idea.id) == 1


def test_the_demo_has_a_connector_with_assisted_ideas_comments_and_in_person_supports(
        app, make_client):
    from helpers import sign_in
    from test_demo import run_demo

    from codesign.models import User
    output = run_demo(app)
    assert "connector@example.org / demo-connector-pass" in output
    with app.app_context():
        kinds = {kind: count(app, AssistedEntry, kind=kind)
                 for kind in ("idea", "comment", "support")}
        assert kinds["idea"] >= 2 and kinds["comment"] >= 2 and kinds["support"] >= 5
        idea_id = db.session.scalar(select(Idea.id).where(Idea.in_person_support_count > 0)
                                    .order_by(Idea.in_person_support_count.desc()))
        connector = db.session.scalar(select(User).where(User.email == "connector@example.org"))
        assert connector.role == "connector"
        assert not any(find_drift(db.session).values())
        with_email = db.session.scalar(select(AssistedResident).where(
            AssistedResident.contact_email.is_not(None)))
        reference = with_email.reference
    assert "given in person" in text_of(make_client().get(f"/ideas/{idea_id}"))
    assert make_client().get(f"/track/{reference}").status_code == 200
    client = make_client()
    sign_in(client, connector)
    assert client.get("/assist").status_code == 200


def test_flask_users_set_role_and_the_admin_page_know_the_connector(app, factory, browser_for):
    person = factory.user(name="Lib Rarian", email="librarian@example.org")
    result = app.test_cli_runner().invoke(args=["users", "set-role", "librarian@example.org",
                                                "connector"])
    assert result.exit_code == 0 and "is now connector" in result.output, result.output
    admin = browser_for(factory.user(name="Ada Admin", role="admin"))
    page = text_of(admin.get(f"/admin/users/{person.id}"))
    assert "Connector" in page and 'value="connector"' in page
