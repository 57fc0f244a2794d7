"""Supporting an idea: one support per person, counts that match the rows."""
import re
from datetime import timedelta

import pytest
from helpers import csrf_token, sign_in
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Follow, Idea, Support


@pytest.fixture
def signed_in(make_client):
    """A client signed in as user, and its CSRF token."""
    def build(user):
        client = make_client()
        sign_in(client, user)
        return client, csrf_token(client)
    return build


@pytest.fixture
def sql_log(app):
    """What the database is sent, in order: each statement's first word, and
    COMMIT where a transaction commits (BEGIN left out: SQLite sends one, the
    PostgreSQL driver does not)."""
    log = []

    def statement(conn, cursor, sql, parameters, context, executemany):
        verb = sql.lstrip().split(None, 1)[0].upper()
        if verb != "BEGIN":
            log.append(verb)

    def commit(conn):
        log.append("COMMIT")

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)
    yield log
    event.remove(engine, "before_cursor_execute", statement)
    event.remove(engine, "commit", commit)


def supports(app, idea):
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(Support).where(Support.idea_id == idea.id))


def shown_counts(client, idea):
    """The support count on the detail page, on the list and in the API."""
    detail = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    on_detail = int(re.search(r"data-support-count>(\d+)<", detail).group(1))
    listing = client.get("/ideas?sort=newest").get_data(as_text=True)
    card = re.search(rf'id="idea-{idea.id}-title".*?(\d+) supports?<', listing, re.S)
    api = client.get(f"/api/v1/ideas/{idea.id}").get_json()
    return on_detail, int(card.group(1)), api["support_count"]


def test_supporting_twice_counts_once(app, factory, resident, signed_in):
    idea = factory.idea()
    client, token = signed_in(resident)

    for _ in range(2):
        assert client.post(f"/ideas/{idea.id}/support", data={"csrf_token": token}).status_code == 302

    assert supports(app, idea) == 1
    assert factory.get(Idea, idea.id).support_count == 1
    assert shown_counts(client, idea) == (1, 1, 1)
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "You support this idea." in page and "Remove my support" in page


def test_removing_support(app, factory, resident, signed_in):
    idea = factory.idea()
    client, token = signed_in(resident)
    client.post(f"/ideas/{idea.id}/support", data={"csrf_token": token})

    response = client.post(f"/ideas/{idea.id}/unsupport", data={"csrf_token": token})

    assert response.status_code == 302
    assert supports(app, idea) == 0
    assert shown_counts(client, idea) == (0, 0, 0)
    assert "Support this idea" in client.get(f"/ideas/{idea.id}").get_data(as_text=True)


def test_removing_a_support_you_never_gave_is_harmless(app, factory, resident, signed_in):
    idea = factory.idea()
    other, other_token = signed_in(factory.user())
    other.post(f"/ideas/{idea.id}/support", data={"csrf_token": other_token})
    client, token = signed_in(resident)

    for _ in range(2):
        assert client.post(f"/ideas/{idea.id}/unsupport", data={"csrf_token": token}).status_code == 302

    assert supports(app, idea) == 1
    assert factory.get(Idea, idea.id).support_count == 1


def test_counts_shown_everywhere_match_the_supports(app, factory, signed_in):
    idea = factory.idea()
    clients = [signed_in(factory.user()) for _ in range(4)]
    for client, token in clients:
        client.post(f"/ideas/{idea.id}/support", data={"csrf_token": token})
    client, token = clients[0]
    client.post(f"/ideas/{idea.id}/unsupport", data={"csrf_token": token})

    assert supports(app, idea) == 3
    assert shown_counts(client, idea) == (3, 3, 3)


def test_without_javascript_support_returns_to_the_idea(factory, resident, signed_in):
    idea = factory.idea()
    client, token = signed_in(resident)
    for action in ("support", "unsupport"):
        response = client.post(f"/ideas/{idea.id}/{action}", data={"csrf_token": token})
        assert response.status_code == 302
        assert response.headers["Location"] == f"/ideas/{idea.id}#support"
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "You no longer support this idea." in page


def test_javascript_gets_the_new_count_as_json(app, factory, resident, signed_in):
    idea = factory.idea()
    client, token = signed_in(resident)
    json_headers = {"Accept": "application/json"}

    supported_now = client.post(f"/ideas/{idea.id}/support", data={"csrf_token": token}, headers=json_headers)
    assert supported_now.status_code == 200 and supported_now.is_json
    assert supported_now.get_json()["support_count"] == 1 and supported_now.get_json()["supported"] is True

    again = client.post(f"/ideas/{idea.id}/support", data={"csrf_token": token}, headers=json_headers)
    assert again.get_json()["support_count"] == 1 and again.get_json()["supported"] is True

    unsupported = client.post(f"/ideas/{idea.id}/unsupport", data={"csrf_token": token}, headers=json_headers)
    assert unsupported.get_json()["support_count"] == 0 and unsupported.get_json()["supported"] is False
    assert supports(app, idea) == 0


def test_json_count_includes_other_peoples_supports(factory, resident, signed_in):
    idea = factory.idea()
    other, other_token = signed_in(factory.user())
    other.post(f"/ideas/{idea.id}/support", data={"csrf_token": other_token})
    client, token = signed_in(resident)
    response = client.post(f"/ideas/{idea.id}/support", data={"csrf_token": token},
                           headers={"Accept": "application/json"})
    assert response.get_json()["support_count"] == 2


def test_the_older_addresses_vote_and_unvote_still_work(app, factory, resident, signed_in):
    """/ideas/<id>/vote and /unvote were the documented addresses, and the
    JSON's vote_count its field: both still answer as they did."""
    idea = factory.idea()
    client, token = signed_in(resident)
    json_headers = {"Accept": "application/json"}

    supported = client.post(f"/ideas/{idea.id}/vote", data={"csrf_token": token},
                            headers=json_headers)
    assert supported.status_code == 200
    assert supported.get_json()["vote_count"] == supported.get_json()["support_count"] == 1
    assert supports(app, idea) == 1

    taken_back = client.post(f"/ideas/{idea.id}/unvote", data={"csrf_token": token})
    assert taken_back.status_code == 302
    assert taken_back.headers["Location"] == f"/ideas/{idea.id}#support"
    assert supports(app, idea) == 0
    assert factory.get(Idea, idea.id).support_count == 0


def test_supporting_an_idea_withdrawn_since_the_page_was_shown_says_why(
        app, factory, resident, signed_in):
    idea = factory.idea()
    client, token = signed_in(resident)
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Support this idea" in page
    with app.app_context():
        db.session.get(Idea, idea.id).withdrawn_at = utcnow()  # meanwhile, its author withdraws it
        db.session.commit()

    response = client.post(f"/ideas/{idea.id}/support", data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/ideas/{idea.id}#support"
    message = "This idea was withdrawn by its author and cannot be supported."
    assert message in client.get(f"/ideas/{idea.id}").get_data(as_text=True)

    # The page's script is answered in JSON: 409, with the words to show.
    scripted = client.post(f"/ideas/{idea.id}/support", data={"csrf_token": token},
                           headers={"Accept": "application/json"})
    assert scripted.status_code == 409
    assert scripted.get_json() == {"idea_id": idea.id, "message": message}
    assert supports(app, idea) == 0


def test_support_needs_the_forms_security_token(app, factory, resident, signed_in):
    idea = factory.idea()
    client, _token = signed_in(resident)
    assert client.post(f"/ideas/{idea.id}/support").status_code == 400
    assert supports(app, idea) == 0


def test_author_may_support_their_own_idea(app, factory, resident, signed_in):
    idea = factory.idea(author=resident)
    client, token = signed_in(resident)
    client.post(f"/ideas/{idea.id}/support", data={"csrf_token": token})
    assert supports(app, idea) == 1


def test_hidden_idea_cannot_be_supported(app, factory, resident, signed_in):
    idea = factory.idea(hidden_at=utcnow())
    client, token = signed_in(resident)
    assert client.post(f"/ideas/{idea.id}/support", data={"csrf_token": token}).status_code == 403
    assert supports(app, idea) == 0


def test_database_refuses_a_second_support_from_the_same_person(app, factory, resident):
    idea = factory.idea()
    with app.app_context():
        db.session.add(Support(user_id=resident.id, idea_id=idea.id))
        db.session.commit()
        db.session.add(Support(user_id=resident.id, idea_id=idea.id))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
    assert supports(app, idea) == 1


JSON = {"Accept": "application/json"}


def test_a_support_is_a_few_statements_and_nothing_after_the_commit(
        app, factory, resident, signed_in, sql_log):
    """The busiest write on the site: the user, the idea, the support, every
    change to the idea's row in one UPDATE, the follow (on PostgreSQL the idea
    is read in the same one statement as the rest); then one COMMIT, and the
    answer comes from what the transaction already knew."""
    with app.app_context():
        one_statement = db.engine.dialect.name == "postgresql"
    add = ["WITH"] if one_statement else ["SELECT", "INSERT", "UPDATE", "INSERT"]
    # Supported already: on PostgreSQL the one statement adds nothing, and the idea is read.
    again = ["WITH", "SELECT", "WITH"] if one_statement else ["SELECT", "INSERT"]
    quiet, busy = factory.idea(), factory.idea()
    factory.support(busy, *[factory.user() for _ in range(30)])
    client, token = signed_in(resident)
    for idea in (quiet, busy):
        sql_log.clear()
        response = client.post(f"/ideas/{idea.id}/support", data={"csrf_token": token}, headers=JSON)
        assert response.status_code == 200
        assert sql_log == ["SELECT", *add, "COMMIT"]

    sql_log.clear()
    client.post(f"/ideas/{busy.id}/support", data={"csrf_token": token}, headers=JSON)
    # Supporting again: the support a merged duplicate carried becomes one's own.
    assert sql_log == ["SELECT", *again, "UPDATE", "SELECT", "COMMIT"]
    sql_log.clear()
    client.post(f"/ideas/{busy.id}/unsupport", data={"csrf_token": token}, headers=JSON)
    assert sql_log == ["SELECT", "SELECT", "DELETE", "UPDATE", "COMMIT"]
    sql_log.clear()
    client.post(f"/ideas/{busy.id}/support", data={"csrf_token": token})  # without JavaScript
    assert sql_log == ["SELECT", *add, "COMMIT"]
    client.post(f"/ideas/{busy.id}/unsupport", data={"csrf_token": token}, headers=JSON)
    sql_log.clear()
    client.post(f"/ideas/{busy.id}/unsupport", data={"csrf_token": token}, headers=JSON)
    assert sql_log == ["SELECT", "SELECT", "DELETE", "SELECT", "COMMIT"]  # nothing to take back


def test_a_support_follows_the_idea_once_and_a_refused_one_leaves_nothing(
        app, factory, resident, signed_in):
    idea, followed, withdrawn = factory.idea(), factory.idea(), factory.idea()
    with app.app_context():
        db.session.add(Follow(user_id=resident.id, idea_id=followed.id, created_at=utcnow()))
        db.session.get(Idea, withdrawn.id).withdrawn_at = utcnow()
        db.session.commit()
    client, token = signed_in(resident)
    codes = [client.post(f"/ideas/{target.id}/support", data={"csrf_token": token},
                         headers=JSON).status_code
             for target in (idea, idea, followed, withdrawn)]
    assert codes == [200, 200, 200, 409]

    def rows(model, target):
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(model).where(
                model.user_id == resident.id, model.idea_id == target.id))
    assert [(rows(Support, target), rows(Follow, target)) for target in (idea, followed, withdrawn)] \
        == [(1, 1), (1, 1), (0, 0)]
    for target in (idea, followed, withdrawn):
        assert factory.get(Idea, target.id).support_count == supports(app, target)


def test_the_json_count_is_the_number_of_supports_after_each_change(
        app, factory, resident, signed_in):
    idea = factory.idea()
    others = [signed_in(factory.user()) for _ in range(3)]
    client, token = signed_in(resident)
    steps = [*[(other, "support") for other in others], ((client, token), "support"),
             ((client, token), "support"), (others[0], "unsupport"), (others[0], "unsupport"),
             ((client, token), "unsupport"), (others[0], "support")]

    for (who, who_token), action in steps:
        answer = who.post(f"/ideas/{idea.id}/{action}", data={"csrf_token": who_token},
                          headers=JSON).get_json()
        assert answer["support_count"] == supports(app, idea), (action, answer)
        assert answer["idea_id"] == idea.id and answer["supported"] is (action == "support")
    assert factory.get(Idea, idea.id).support_count == supports(app, idea) == 3


def test_the_first_support_from_someone_else_stamps_the_idea_once(factory, signed_in):
    author = factory.user()
    idea = factory.idea(author=author)
    client, token = signed_in(author)
    client.post(f"/ideas/{idea.id}/support", data={"csrf_token": token}, headers=JSON)
    assert factory.get(Idea, idea.id).engaged_at is None  # the author's own support

    first, first_token = signed_in(factory.user())
    first.post(f"/ideas/{idea.id}/support", data={"csrf_token": first_token}, headers=JSON)
    engaged = factory.get(Idea, idea.id).engaged_at
    assert engaged is not None and abs(engaged - utcnow()) < timedelta(minutes=1)

    first.post(f"/ideas/{idea.id}/unsupport", data={"csrf_token": first_token}, headers=JSON)
    second, second_token = signed_in(factory.user())
    second.post(f"/ideas/{idea.id}/support", data={"csrf_token": second_token}, headers=JSON)
    assert factory.get(Idea, idea.id).engaged_at == engaged


def test_reaching_the_review_threshold_is_stamped_once(app, factory, signed_in, monkeypatch):
    monkeypatch.setitem(app.config, "IDEA_REVIEW_THRESHOLD", 2)
    idea = factory.idea()
    first, second, third = (signed_in(factory.user()) for _ in range(3))

    def act(who, action):
        client, token = who
        return client.post(f"/ideas/{idea.id}/{action}", data={"csrf_token": token},
                           headers=JSON).get_json()["support_count"]

    assert act(first, "support") == 1 and factory.get(Idea, idea.id).ready_for_review_at is None
    assert act(second, "support") == 2
    ready = factory.get(Idea, idea.id).ready_for_review_at
    assert ready is not None
    assert act(second, "unsupport") == 1 and act(third, "support") == 2
    assert factory.get(Idea, idea.id).ready_for_review_at == ready
