"""Deleting an account (issue 12): what the person wrote stays under "Former
resident"; their name and address are gone from every table and every page;
their supports go and the counts follow; the address can register again."""
from datetime import timedelta

import pytest
from helpers import PASSWORD, Browser, count, csrf_token, sign_in, text_of
from sqlalchemy import func, inspect, select, text

from codesign.clock import utcnow
from codesign.counts import find_drift
from codesign.deletion.services import KEEP, cleared_tables
from codesign.extensions import db
from codesign.models import (
    Appeal,
    Follow,
    ModerationAction,
    Notification,
    OutboxMessage,
    Report,
    Support,
    User,
)

NAME, EMAIL = "Delia Gone", "delia.gone@example.org"
TRACES = (NAME.lower(), EMAIL, "delia.gone")
DELETE = {"password": PASSWORD, "confirm": "DELETE"}


def traces_in(content):
    content = content.lower()
    return [trace for trace in TRACES if trace in content]


def every_cell(app):
    """(table, column, value) for every cell of every table in the database,
    those the models know and the others (search indexes) alike."""
    with app.app_context():
        with db.engine.connect() as conn:
            for name in inspect(conn).get_table_names():
                result = conn.execute(text(f'SELECT * FROM "{name}"'))
                keys = list(result.keys())
                for row in result:
                    for key, value in zip(keys, row, strict=True):
                        if value is not None:
                            yield name, key, value


@pytest.fixture
def delia(factory):
    return factory.user(name=NAME, email=EMAIL)


@pytest.fixture
def world(app, factory, delia, staff, staff_user, idea, author):
    """Delia wrote an idea (made a proposal by staff, so she co-designed it),
    commented on Ada's idea, supported both, followed, reported, was told
    things, and has mail waiting; Ada was mailed about her comment."""
    own = factory.idea(author=delia, title="Lights on the towpath")
    factory.comment(idea, delia, body="I walk here every day.")
    browser = Browser(_client(app, delia), delia)
    for target in (own, idea):
        assert browser.post(f"/ideas/{target.id}/support").status_code in (200, 302, 303)
    assert browser.post(f"/ideas/{idea.id}/report",
                        data={"reason": "spam", "note": ""}).status_code in (302, 303)
    promoted = staff.post(f"/ideas/{own.id}/promote", data={
        "title": "Lit towpaths", "problem": "Dark.", "proposed_change": "Lights.",
        "expected_benefits": "Safety.", "who_it_affects": "Walkers.", "cost_band": "10k_50k",
        "service_area": str(own.service_area_id), "responsible_team": "Streets",
        "decision_due": (utcnow() + timedelta(days=30)).date().isoformat(),
        "also_include": "", "message": "Your idea is now a proposal.", "publish": "y"})
    assert promoted.status_code in (302, 303), promoted.get_data(as_text=True)[:2000]
    with app.app_context():
        db.session.add_all([
            OutboxMessage(to_address=EMAIL, subject="Your digest",
                          text_body=f"Hello {NAME},", html_body=f"<p>Hello {NAME},</p>"),
            OutboxMessage(to_address=author.email, subject="A new comment",
                          text_body=f"{NAME} commented on your idea.",
                          html_body=f"<p>{NAME} commented on your idea.</p>"),
        ])
        db.session.commit()
        assert db.session.scalar(select(Notification.id).where(
            Notification.user_id == delia.id)) is not None
    return {"own": own, "other": idea, "proposal_page": promoted.headers["Location"]}


def _client(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def test_the_page_says_what_happens_and_asks_for_the_password(app, delia):
    page = text_of(_client(app, delia).get("/account/delete"))
    assert "Former resident" in page
    assert "Supports" in page and "Reports made" in page
    assert "answers to profile questions" in page and "accessibility problem" in page
    assert 'name="password"' in page and 'name="confirm"' in page


def test_after_deletion_no_table_holds_the_name_or_the_address(app, world, delia):
    browser = Browser(_client(app, delia), delia)
    answer = browser.post("/account/delete", data=DELETE)
    assert answer.status_code == 302 and answer.location.endswith("/account/deleted")
    assert "Your account is deleted" in text_of(browser.get("/account/deleted"))

    found = [(table, column) for table, column, value in every_cell(app)
             if traces_in(str(value))]
    assert found == []
    with app.app_context():
        gone = db.session.get(User, delia.id)
        assert gone.display_name == "Former resident" and gone.deleted_at is not None
        assert "@" not in gone.email
        assert "Former resident commented" in db.session.scalar(select(OutboxMessage.text_body))
        assert all(rows == [] for rows in find_drift(db.session).values())
    # What she wrote stays, and so does her report, under the anonymised account.
    assert count(app, Report, reporter_id=delia.id) == 1
    assert count(app, Support, user_id=delia.id) == 0
    assert count(app, Follow, user_id=delia.id) == 0
    assert count(app, Notification, user_id=delia.id) == 0
    assert count(app, OutboxMessage, to_address=EMAIL) == 0


def test_after_deletion_no_page_shows_the_name_or_the_address(app, world, delia, factory):
    Browser(_client(app, delia), delia).post("/account/delete", data=DELETE)
    admin = Browser(_client(app, factory.user(name="Adam Admin", role="admin")))
    own, other = world["own"].id, world["other"].id
    pages = [
        f"/ideas/{own}", f"/ideas/{other}", f"/ideas/{other}/comments", "/ideas",
        "/ideas?q=towpath", "/search?q=towpath", "/search?q=Delia", "/proposals",
        world["proposal_page"], "/api/v1/ideas", f"/api/v1/ideas/{own}",
        f"/api/v1/ideas/{other}/comments", "/api/v1/proposals",
        "/staff", "/staff/exports/ideas.csv", "/staff/exports/ideas.json",
        "/staff/exports/proposals.csv", "/staff/exports/proposals.json",
        "/moderation", "/moderation/log", "/moderation/new-accounts",
        "/admin/users", "/admin/users?q=delia", f"/admin/users/{delia.id}",
    ]
    anonymous = app.test_client()
    for page in pages:
        for visitor in (admin, anonymous):
            answer = visitor.get(page)
            assert answer.status_code in (200, 302, 403), page
            assert traces_in(answer.get_data(as_text=True)) == [], page
    assert "Former resident" in text_of(anonymous.get(f"/ideas/{other}"))
    assert "Former resident" in text_of(anonymous.get(f"/ideas/{own}"))


def test_the_supports_go_and_the_counts_drop_to_match(app, world, delia):
    with app.app_context():
        before = {idea_id: db.session.get(type(world["own"]), idea_id).support_count
                  for idea_id in (world["own"].id, world["other"].id)}
    Browser(_client(app, delia), delia).post("/account/delete", data=DELETE)
    with app.app_context():
        for idea_id, was in before.items():
            assert db.session.get(type(world["own"]), idea_id).support_count == was - 1
        assert all(rows == [] for rows in find_drift(db.session).values())


def test_the_address_registers_again_as_a_new_account(app, delia):
    Browser(_client(app, delia), delia).post("/account/delete", data=DELETE)
    client = app.test_client()
    answer = client.post("/auth/register", data={
        "email": EMAIL, "display_name": NAME, "password": PASSWORD, "confirm": PASSWORD,
        "csrf_token": csrf_token(client, "/auth/register")})
    assert answer.status_code in (302, 303)
    with app.app_context():
        new = db.session.scalar(select(User).where(User.email == EMAIL))
        assert new is not None and new.id != delia.id and new.deleted_at is None


def test_the_person_is_signed_out_and_cannot_sign_in_again(app, delia):
    client = _client(app, delia)
    Browser(client, delia).post("/account/delete", data=DELETE)
    assert client.get("/account/delete").status_code == 302  # to sign in
    answer = client.post("/auth/login", data={
        "email": EMAIL, "password": PASSWORD, "csrf_token": csrf_token(client, "/auth/login")})
    assert answer.status_code == 422


def test_a_wrong_password_is_said_beside_the_field_and_nothing_changes(app, delia):
    browser = Browser(_client(app, delia), delia)
    answer = browser.post("/account/delete", data={"password": "not mine", "confirm": "DELETE"})
    assert answer.status_code == 422
    page = text_of(answer)
    assert 'id="password-error"' in page and "That is not your password" in page
    assert 'value="DELETE"' in page  # what was typed is kept
    answer = browser.post("/account/delete", data={"password": PASSWORD, "confirm": "yes"})
    assert answer.status_code == 422 and 'id="confirm-error"' in text_of(answer)
    with app.app_context():
        assert db.session.get(User, delia.id).deleted_at is None


def test_a_pending_appeal_stops_the_deletion_with_a_message(app, factory, delia):
    hidden = factory.idea(author=delia, hidden_at=utcnow(), hidden_reason="spam")
    with app.app_context():
        db.session.add(Appeal(author_id=delia.id, idea_id=hidden.id, text="Please look again"))
        db.session.commit()
    browser = Browser(_client(app, delia), delia)
    assert "waiting for a moderator" in text_of(browser.get("/account/delete"))
    answer = browser.post("/account/delete", data=DELETE)
    assert answer.status_code == 422 and "waiting for a moderator" in text_of(answer)
    with app.app_context():
        assert db.session.get(User, delia.id).deleted_at is None


def test_an_administrator_account_is_not_deleted_from_the_site(app, factory):
    admin = factory.user(name="Ann Admin", role="admin")
    answer = Browser(_client(app, admin), admin).post("/account/delete", data=DELETE)
    assert answer.status_code == 422 and "flask users set-role" in text_of(answer)


def test_an_admin_deletes_on_request_and_the_log_says_who(app, factory, world, delia):
    admin_user = factory.user(name="Adam Admin", role="admin")
    admin = Browser(_client(app, admin_user), admin_user)
    assert "/delete" in text_of(admin.get(f"/admin/users/{delia.id}"))
    answer = admin.post(f"/admin/users/{delia.id}/delete",
                        data={"reason": "Request by letter", "confirm": "DELETE"})
    assert answer.status_code == 302
    with app.app_context():
        entry = db.session.scalar(select(ModerationAction).where(
            ModerationAction.action == "account_deleted"))
        assert entry.actor_id == admin_user.id and entry.user_id == delia.id
        assert entry.note == "Request by letter"
    log = text_of(admin.get("/moderation/log"))
    assert "Account deleted" in log and "Adam Admin" in log and "Request by letter" in log
    assert [cell for cell in every_cell(app) if traces_in(str(cell[2]))] == []


def test_a_deletion_at_the_persons_request_is_logged_without_personal_data(app, delia):
    Browser(_client(app, delia), delia).post("/account/delete", data=DELETE)
    with app.app_context():
        entry = db.session.scalar(select(ModerationAction))
        assert (entry.action, entry.actor_id, entry.user_id) == (
            "account_deleted", delia.id, delia.id)
        assert entry.created_at is not None and traces_in(entry.note) == []


def test_an_admin_needs_a_reason_and_the_typed_confirmation(app, factory, delia):
    admin_user = factory.user(name="Adam Admin", role="admin")
    admin = Browser(_client(app, admin_user), admin_user)
    answer = admin.post(f"/admin/users/{delia.id}/delete", data={"reason": "", "confirm": ""})
    assert answer.status_code == 422
    assert 'id="reason-error"' in text_of(answer) and 'id="confirm-error"' in text_of(answer)
    assert admin.get("/admin/users/999999/delete").status_code == 404


def test_nobody_can_take_the_name_former_resident(app):
    client = app.test_client()
    answer = client.post("/auth/register", data={
        "email": "new@example.org", "display_name": "former RESIDENT", "password": PASSWORD,
        "confirm": PASSWORD, "csrf_token": csrf_token(client, "/auth/register")})
    assert answer.status_code == 422 and "already uses this display name" in text_of(answer)


def test_every_table_pointing_at_accounts_is_kept_or_cleared(app):
    """Tables added later (sessions, sign-in events, memberships) are cleared
    unless listed in KEEP: the list of what stays is the one to review."""
    with app.app_context():
        cleared = {table.name for table, _columns in cleared_tables()}
        assert {"follow", "notification"} <= cleared
        assert not cleared & KEEP


def test_only_the_persons_own_mail_goes_and_other_words_are_left_alone(app, factory):
    """Mail to a longer address that contains theirs stays; "Al" is replaced
    as a name, never inside "Always"; mail to an address they had before goes."""
    from codesign.deletion.services import delete_account
    from codesign.models import EmailHistory
    al = factory.user(name="Al", email="al@example.org")
    with app.app_context():
        db.session.add_all([
            EmailHistory(user_id=al.id, email="al.before@example.org"),
            OutboxMessage(to_address="al.before@example.org", subject="Your address changed",
                          text_body="It changed."),
            OutboxMessage(to_address="al@example.org", subject="Hello", text_body="Hi"),
            OutboxMessage(to_address="sal@example.org", subject="Always welcome",
                          text_body="Al replied. Always glad.", html_body="<p>Al replied.</p>"),
        ])
        db.session.commit()
        delete_account(db.session.get(User, al.id))
        db.session.commit()
        left = db.session.scalars(select(OutboxMessage)).all()
    assert [(m.to_address, m.subject, m.text_body, m.html_body) for m in left] == [
        ("sal@example.org", "Always welcome", "Former resident replied. Always glad.",
         "<p>Former resident replied.</p>")]


# The tables added after the deletion code: assisted participation, profile
# answers, accessibility reports, the written language, pilots. -------------------

COUNCIL = "access@council.example.gov.uk"


def _set_contact(app, contact):
    from codesign.models import SiteSettings
    from codesign.sanitise import render_markdown
    with app.app_context():
        row = db.session.get(SiteSettings, 1) or SiteSettings(id=1)
        row.contact, row.contact_html = contact, str(render_markdown(contact))
        db.session.add(row)
        db.session.commit()


def test_a_connector_with_answers_a_language_and_an_accessibility_report_leaves_no_trace(
        app, factory, delia, idea):
    """Delia is a connector who entered an idea, a comment and a support for
    Ada (who is not online), answered the profile questions, reads the site
    in Welsh, had an older address, and reported an accessibility problem
    giving her name and address (mailed to the council). After she deletes
    her account none of that names her; Ada's entries and her own details stay."""
    from codesign.models import (
        AccessibilityReport,
        AssistedEntry,
        AssistedResident,
        EmailHistory,
        Idea,
        ReachAnswer,
        ReachQuestion,
    )
    _set_contact(app, f"Email {COUNCIL}")
    with app.app_context():
        row = db.session.get(User, delia.id)
        row.role, row.locale = "connector", "cy"
        db.session.add_all([
            EmailHistory(user_id=delia.id, email="delia.gone@old.example.org"),
            ReachQuestion(key="age"),
            ReachAnswer(user_id=delia.id, question="age", value="35_49"),
        ])
        db.session.commit()
    browser = Browser(_client(app, delia), delia)
    how = {"channel": "desk", "where": "Central Library", "agreed": "y"}
    started = browser.post("/assist", data={
        "name": "Ada Lovelace", "postcode": "CF10 1AB", "email": "ada@example.org",
        "phone": "", "language": "en", "agreed": "y"})
    assert started.status_code == 302, text_of(started)
    reference = started.headers["Location"].rsplit("/", 1)[-1]
    for kind, data in (("comment", {"idea": str(idea.id), "body": "Ada says yes."}),
                       ("support", {"idea": str(idea.id)})):
        answer = browser.post(f"/assist/{reference}/{kind}", data={**data, **how})
        assert answer.status_code == 302, text_of(answer)
    answer = browser.post(f"/assist/{reference}/idea", data={
        **how, "title": "A bench at the bus stop", "description": "Ada cannot stand long.",
        "service_area": str(idea.service_area_id), "challenge": "", "place": ""})
    assert answer.status_code == 302, text_of(answer)
    reported = browser.post("/accessibility/report", data={
        "page": "/ideas", "problem": "The support button is not announced.",
        "name": NAME, "email": EMAIL})
    assert reported.status_code == 302, text_of(reported)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.to_address == COUNCIL, OutboxMessage.text_body.contains(EMAIL)))
        in_person = db.session.get(Idea, idea.id).in_person_support_count
    assert in_person == 1

    answer = browser.post("/account/delete", data=DELETE)
    assert answer.status_code == 302 and answer.location.endswith("/account/deleted")

    found = [(table, column) for table, column, value in every_cell(app)
             if traces_in(str(value))]
    assert found == []
    with app.app_context():
        gone = db.session.get(User, delia.id)
        assert (gone.locale, gone.privacy_version_accepted, gone.privacy_accepted_at) == (
            None, None, None)
        # Ada's participation and her own details stay, entered by "Former resident".
        assert db.session.scalar(select(func.count()).select_from(AssistedEntry)) == 3
        resident = db.session.scalar(select(AssistedResident))
        assert (resident.name, resident.contact_email) == ("Ada Lovelace", "ada@example.org")
        assert db.session.get(Idea, idea.id).in_person_support_count == in_person
        assert all(rows == [] for rows in find_drift(db.session).values())
        # The accessibility report stays for staff, without who sent it.
        report = db.session.scalar(select(AccessibilityReport))
        assert (report.name, report.email) == (None, None)
        assert report.problem == "The support button is not announced."
        # The council's copy of it stays, naming nobody.
        council = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.to_address == COUNCIL))
        assert "Former resident" in council.text_body
    assert count(app, ReachAnswer, user_id=delia.id) == 0
    assert count(app, EmailHistory, user_id=delia.id) == 0

    moderator = Browser(_client(app, factory.user(name="Mo Moderator", role="moderator")))
    staff = Browser(_client(app, factory.user(name="Sam Staff", role="staff")))
    anonymous = app.test_client()
    for visitor, page in ((moderator, "/moderation/assisted"),
                          (moderator, f"/moderation/assisted?connector={delia.id}"),
                          (staff, "/accessibility/reports"), (staff, "/staff"),
                          (anonymous, f"/track/{reference}"), (anonymous, f"/ideas/{idea.id}"),
                          (anonymous, "/ideas"), (anonymous, f"/api/v1/ideas/{idea.id}/comments")):
        answer = visitor.get(page)
        assert answer.status_code == 200, page
        assert traces_in(answer.get_data(as_text=True)) == [], page
    assert "Ada says yes." in text_of(anonymous.get(f"/ideas/{idea.id}"))


def test_a_deleted_staff_member_who_planned_a_pilot_leaves_no_trace(app, factory, delia):
    """Staff are not administrators, so an admin may delete their account on
    request: the pilot they planned and its card stay, by "Former resident"."""
    from pilot_helpers import approved_proposal, card_form

    from codesign.models import Pilot
    with app.app_context():
        db.session.get(User, delia.id).role = "staff"
        db.session.commit()
    staff = Browser(_client(app, delia), delia)
    proposal_id, _idea_id, area = approved_proposal(app, factory)
    answer = staff.post(f"/proposals/{proposal_id}/pilots/new", data=card_form(area.id))
    assert answer.status_code == 302, text_of(answer)
    with app.app_context():
        pilot_id = db.session.scalar(select(Pilot.id))
    assert staff.post(f"/pilots/{pilot_id}/start").status_code == 302

    admin_user = factory.user(name="Adam Admin", role="admin")
    admin = Browser(_client(app, admin_user), admin_user)
    answer = admin.post(f"/admin/users/{delia.id}/delete",
                        data={"reason": "Left the council", "confirm": "DELETE"})
    assert answer.status_code == 302
    assert [(table, column) for table, column, value in every_cell(app)
            if traces_in(str(value))] == []
    with app.app_context():
        pilot = db.session.get(Pilot, pilot_id)
        assert pilot.created_by_id == delia.id  # the pilot stays, by the anonymised account
    for page in ("/pilots", f"/pilots/{pilot_id}", f"/proposals/{proposal_id}"):
        for visitor in (admin, app.test_client()):
            answer = visitor.get(page)
            assert answer.status_code == 200, page
            assert traces_in(answer.get_data(as_text=True)) == [], page


def test_links_sent_before_the_deletion_no_longer_work(app, factory):
    """Confirmation, password reset, email change and unsubscribe links that
    were in the person's mailbox do nothing to the deleted account."""
    from codesign.auth import tokens
    from codesign.notifications.mailing import unsubscribe_token
    unconfirmed = factory.user(name=NAME, email=EMAIL, confirmed=False)
    with app.test_request_context():
        user = db.session.get(User, unconfirmed.id)
        links = [f"/auth/confirm/{tokens.make_confirm_token(user)}",
                 f"/auth/reset/{tokens.make_reset_token(user)}",
                 f"/account/email/{tokens.make_email_change_token(user, 'new@example.org')}",
                 f"/notifications/unsubscribe/{unsubscribe_token(user)}"]
        from codesign.deletion.services import delete_account
        delete_account(user)
        db.session.commit()
    client = app.test_client()
    for link in links:
        answer = client.get(link)
        assert answer.status_code == 400, link
        page = text_of(answer)
        assert "does not work" in page or "no longer applies" in page or "already" in page, link
    with app.app_context():
        gone = db.session.get(User, unconfirmed.id)
        assert gone.confirmed_at is None and gone.email != "new@example.org"
        assert gone.password_hash == "!deleted"
    client.post(links[1], data={"password": "a new long password 1",
                                         "confirm": "a new long password 1",
                                         "csrf_token": csrf_token(client, "/auth/reset")})
    with app.app_context():
        assert db.session.get(User, unconfirmed.id).password_hash == "!deleted"
