"""/account/data: the summary page, and the one JSON file of everything the
site holds about the person: complete, streamed, rate limited, and with
nothing about anyone else in it."""
import json

import pytest
from helpers import Browser, sign_in, text_of
from sqlalchemy import event, insert
from test_limits import limited

from codesign.account import export
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import (
    Appeal,
    Comment,
    EmailHistory,
    Follow,
    ModerationAction,
    Notification,
    Report,
    SignInEvent,
    User,
)


def download(browser):
    return browser.post("/account/data")


@pytest.fixture
def world(app, factory):
    """Jo, with one of everything; Olga and Mo, who touched Jo's things."""
    jo = factory.user(name="Jo Bloggs", email="jo@example.org")
    olga = factory.user(name="Olga Other", email="olga@elsewhere.test")
    mo = factory.user(name="Mo Moderator", email="mo@council.test", role="moderator")
    idea = factory.idea(author=jo, title="Benches by the pond")
    theirs = factory.idea(author=olga, title="Olga's own idea")
    mine = factory.comment(idea, jo, "My own comment on my idea")
    factory.comment(idea, olga, "Olga's reply, signed Olga")
    factory.support(idea, olga)
    factory.support(theirs, jo)
    now = utcnow()
    with app.app_context():
        db.session.add_all([
            Follow(user_id=jo.id, idea_id=theirs.id),
            Report(reporter_id=jo.id, user_id=olga.id, reason="spam", note="Jo's note"),
            Report(reporter_id=jo.id, idea_id=theirs.id, reason="spam", note=""),
            Report(reporter_id=olga.id, comment_id=mine.id, reason="offensive",
                   note="Olga reports Jo"),
            ModerationAction(actor_id=mo.id, action="unblock", user_id=jo.id,
                             note="Unblocked for now"),
            Appeal(author_id=jo.id, comment_id=mine.id, text="Please look again",
                   hidden_by_id=mo.id),
            Notification(user_id=jo.id, kind="new_comment", idea_id=idea.id, detail=""),
            Notification(user_id=olga.id, kind="new_comment", idea_id=idea.id,
                         detail="Olga's notification"),
            EmailHistory(user_id=jo.id, email="jo.old@example.org", changed_at=now),
            EmailHistory(user_id=olga.id, email="olga.old@elsewhere.test", changed_at=now),
            SignInEvent(user_id=olga.id, kind="signed_in", user_agent="Olga's browser"),
        ])
        db.session.commit()
    return {"jo": jo, "olga": olga, "mo": mo, "idea": idea}


@pytest.fixture
def jo(world, browser_for):
    return browser_for(world["jo"])


def test_the_summary_page_counts_what_is_held(jo):
    page = text_of(jo.get("/account/data"))
    assert "Download my data (JSON)" in page
    assert "Benches by the pond" in page and "My own comment on my idea" in page
    assert "Olga" not in page
    assert "Answers to profile questions" in page and "See or change your answers" in page


def test_the_download_is_one_json_file_of_everything(jo):
    answer = download(jo)
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    assert answer.headers["Content-Disposition"].startswith('attachment; filename="codesign-my-data-')
    assert answer.headers["Cache-Control"] == "no-store"
    held = json.loads(answer.get_data(as_text=True))
    assert held["profile"]["email"] == "jo@example.org"
    assert held["profile"]["display_name"] == "Jo Bloggs"
    assert "password_hash" not in held["profile"] and "session_token" not in held["profile"]
    assert [row["email"] for row in held["email_history"]] == ["jo.old@example.org"]
    assert [row["title"] for row in held["ideas"]] == ["Benches by the pond"]
    assert [row["body"] for row in held["comments"]] == ["My own comment on my idea"]
    assert len(held["supports"]) == 1 and len(held["follows"]) == 1
    assert {row["target"]["kind"] for row in held["reports_made"]} == {"person", "idea"}
    assert [row["text"] for row in held["appeals"]] == ["Please look again"]
    assert [row["note"] for row in held["moderation_of_your_account"]] == ["Unblocked for now"]
    assert len(held["notifications"]) == 1
    assert held["notification_settings"]["email_preference"] == "daily"
    assert {row["kind"] for row in held["sign_in_events"]} == set()  # signed in by the helper
    assert len(held["signed_in_devices"]) == 1
    assert held["profile_answers"] == [] and "edit_history" in held


def test_nothing_about_anyone_else_is_in_it(world, jo):
    text = download(jo).get_data(as_text=True)
    olga = world["olga"]
    for secret in ("Olga", "olga", "elsewhere.test", "Mo Moderator", "mo@council.test",
                   "Olga reports Jo", "Olga's notification"):
        assert secret not in text, secret
    held = json.loads(text)
    # Nor their ids: the reported person, the moderator, the other commenter.
    for report in held["reports_made"]:
        assert report["target"].get("id") != olga.id or report["target"]["kind"] != "person"
    assert "actor_id" not in text and "hidden_by_id" not in text and "decided_by_id" not in text
    assert all(set(row) == {"action", "idea_id", "comment_id", "reason", "note", "created_at"}
               for row in held["moderation_of_your_account"])


def test_a_form_without_its_token_is_refused(world, make_client):
    client = make_client()
    sign_in(client, world["jo"])
    answer = client.post("/account/data")
    assert answer.status_code == 400 and "Your form expired" in text_of(answer)


# Streaming ---------------------------------------------------------------------------

MANY = 3_000


def add_many(app, user_id, idea_id):
    with app.app_context():
        db.session.execute(insert(Comment), [
            {"idea_id": idea_id, "author_id": user_id, "body": f"Comment number {n}"}
            for n in range(MANY)])
        db.session.execute(insert(SignInEvent), [
            {"user_id": user_id, "kind": "signed_in", "user_agent": "Firefox/1"}
            for _ in range(MANY)])
        db.session.commit()


def statements_and_chunks(app, user_id):
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with app.test_request_context():
        engine = db.engine
        user = db.session.get(User, user_id)
        event.listen(engine, "before_cursor_execute", record)
        try:
            pieces = list(export.chunks(user))
        finally:
            event.remove(engine, "before_cursor_execute", record)
    return seen, pieces


def test_the_file_is_written_in_pieces_with_the_same_statements_for_thousands(app, world, jo):
    user_id, idea_id = world["jo"].id, world["idea"].id
    few_statements, few_pieces = statements_and_chunks(app, user_id)
    add_many(app, user_id, idea_id)
    many_statements, many_pieces = statements_and_chunks(app, user_id)

    # One statement per list, however many rows: read by cursor, not row by row.
    assert len(many_statements) == len(few_statements)
    # And written BATCH rows a piece, so no piece holds thousands of rows.
    assert len(many_pieces) >= len(few_pieces) + 2 * MANY // export.BATCH
    assert max(piece.count("Comment number") for piece in many_pieces) <= export.BATCH
    held = json.loads("".join(many_pieces))
    assert len(held["comments"]) == MANY + 1 and len(held["sign_in_events"]) == MANY

    # Over HTTP the response is a stream, and its pieces make the same document.
    answer = jo.client.post("/account/data", data={"csrf_token": jo.token}, buffered=False)
    assert answer.is_streamed
    body = b"".join(answer.response).decode("utf-8")
    answer.close()
    assert len(json.loads(body)["comments"]) == MANY + 1


# Rate limits ---------------------------------------------------------------------------

@pytest.fixture
def limited_app(app):
    new = limited(app, RATELIMIT_DATA_EXPORT="2/hour", RATELIMIT_EMAIL_CHANGE="2/hour")
    yield new
    with new.app_context():
        db.engine.dispose()


def test_downloads_are_rate_limited_with_a_reason(limited_app, world):
    client = limited_app.test_client()
    sign_in(client, world["jo"])
    browser = Browser(client, world["jo"])
    assert download(browser).status_code == 200
    assert download(browser).status_code == 200
    refused = download(browser)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    page = text_of(refused)
    assert "You can download your data a few times an hour" in page
    assert "You can try again in about" in page
    assert browser.get("/account/data").status_code == 200  # the page itself is not limited


def test_email_changes_are_rate_limited_with_a_reason(limited_app, world):
    client = limited_app.test_client()
    sign_in(client, world["jo"])
    browser = Browser(client, world["jo"])
    for n in range(2):
        answer = browser.post("/account/email", data={"new_email": f"jo{n}@example.net",
                                                      "email_password": "wrong"})
        assert answer.status_code == 422  # wrong password: each try counts all the same
    refused = browser.post("/account/email", data={"new_email": "jo9@example.net",
                                                   "email_password": "wrong"})
    assert refused.status_code == 429
    assert "change your email address several times" in text_of(refused)


# The kinds of data added after the export was written ---------------------------------

def test_every_column_pointing_at_accounts_is_exported_or_left_out_with_a_reason(app, jo):
    """A table added later that points at accounts fails here until export.SOURCES
    says which list of the file has it, or why it is not in the file."""
    from codesign.deletion.services import user_foreign_keys
    with app.app_context():
        pointing = {f"{table.name}.{column.name}"
                    for table, columns in user_foreign_keys().items() for column in columns}
    assert pointing == set(export.SOURCES)
    held = json.loads(download(jo).get_data(as_text=True))
    for source, where in export.SOURCES.items():
        assert where.startswith("not exported: ") or where in held, source


def test_profile_answers_language_connector_entries_reports_and_pilots_are_in_it(
        app, factory, world, jo):
    """Jo reads the site in Welsh, answered a profile question, entered a
    comment for Ada as a connector, reported an accessibility problem, and
    (as staff) planned a pilot. All of it is in the file and on the page;
    Ada's name and address, and Olga's accessibility report, are not."""
    from pilot_helpers import approved_proposal, card_form

    from codesign.models import (
        AccessibilityReport,
        AssistedEntry,
        AssistedResident,
        ReachAnswer,
        ReachQuestion,
    )
    person = world["jo"]
    now = utcnow()
    with app.app_context():
        db.session.get(User, person.id).role = "staff"
        resident = AssistedResident(name="Ada Lovelace", name_key="ada lovelace",
                                    contact_email="ada@example.org", connector_id=person.id)
        db.session.add_all([
            ReachQuestion(key="age"),
            ReachAnswer(user_id=person.id, question="age", value="35_49"),
            resident,
            AccessibilityReport(page="/ideas", problem="Jo's problem", problem_html="",
                                name="Jo", email="JO@example.org", created_at=now),
            AccessibilityReport(page="/ideas", problem="Olga's problem", problem_html="",
                                name="Olga", email="olga@elsewhere.test", created_at=now),
        ])
        db.session.flush()
        db.session.add(AssistedEntry(kind="support", resident_id=resident.id,
                                     connector_id=person.id, idea_id=world["idea"].id,
                                     channel="desk", place="Central Library", agreed=True))
        db.session.commit()
    proposal_id, _idea_id, area = approved_proposal(app, factory)
    assert jo.post(f"/proposals/{proposal_id}/pilots/new",
                   data=card_form(area.id)).status_code == 302

    page = text_of(jo.get("/account/data"))
    assert "Not chosen" in page and "Entries you made for residents" in page
    assert "Pilots you planned or closed" in page and "Design groups you joined" not in page
    assert "Accessibility problems you reported" in page and "Ada" not in page
    with app.app_context():
        db.session.get(User, person.id).locale = "cy"
        db.session.commit()
    assert '<dd class="govuk-summary-list__value">Cymraeg</dd>' in text_of(
        jo.get("/account/data"))

    text = download(jo).get_data(as_text=True)
    held = json.loads(text)
    assert held["profile"]["locale"] == "cy"
    assert [(row["question"], row["value"]) for row in held["profile_answers"]] == [
        ("age", "35_49")]
    assert [(row["kind"], row["place"]) for row in held["assisted_entries"]] == [
        ("support", "Central Library")]
    assert [row["problem"] for row in held["accessibility_reports"]] == ["Jo's problem"]
    assert [(row["title"], row["planned_by_you"]) for row in held["pilots"]] == [
        ("Same-day repairs at Northside", True)]
    for secret in ("Ada Lovelace", "ada@example.org", "Olga", "elsewhere.test"):
        assert secret not in text, secret
