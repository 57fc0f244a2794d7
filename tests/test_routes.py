"""Every route, for every kind of visitor: one table, walked against app.url_map,
so a new route without a row fails here until someone says who may use it."""
import re

import pytest
from flask import session, url_for
from flask_wtf.csrf import generate_csrf

from conftest import sign_in
from codesign.extensions import db
from codesign.models import Comment, Idea, Vote

LOGIN = "login"  # a redirect to the sign-in page
ROLES = ("anonymous", "unconfirmed", "other", "owner")
UNKNOWN_ID = 999_999

# (endpoint, method): statuses for (anonymous, unconfirmed, confirmed non-owner,
# owner), then the status when the route's last id is unknown (None: no id).
# The owner wrote the idea and the comment; 302 means a redirect elsewhere than
# the sign-in page.
TABLE = {
    ("static", "GET"): ((200, 200, 200, 200), 404),
    ("main.index", "GET"): ((200, 200, 200, 200), None),
    ("main.healthz", "GET"): ((200, 200, 200, 200), None),
    # Signed-in visitors are sent on from the register and sign-in pages; a
    # broken emailed link (confirm, reset) is a 400 page for everyone.
    ("auth.register", "GET"): ((200, 302, 302, 302), None),
    ("auth.register", "POST"): ((422, 302, 302, 302), None),
    ("auth.check_email", "GET"): ((200, 200, 200, 200), None),
    ("auth.confirm", "GET"): ((400, 400, 400, 400), None),
    ("auth.login", "GET"): ((200, 302, 302, 302), None),
    ("auth.login", "POST"): ((422, 422, 422, 422), None),
    ("auth.logout", "POST"): ((302, 302, 302, 302), None),
    ("auth.reset", "GET"): ((200, 200, 200, 200), None),
    ("auth.reset", "POST"): ((422, 422, 422, 422), None),
    ("auth.reset_password", "GET"): ((400, 400, 400, 400), None),
    ("auth.reset_password", "POST"): ((400, 400, 400, 400), None),
    ("auth.resend", "POST"): ((LOGIN, 302, 302, 302), None),
    ("ideas.index", "GET"): ((200, 200, 200, 200), None),
    ("ideas.new", "GET"): ((LOGIN, 403, 200, 200), None),
    ("ideas.new", "POST"): ((LOGIN, 403, 302, 302), None),
    ("ideas.detail", "GET"): ((200, 200, 200, 200), 404),
    ("ideas.edit", "GET"): ((LOGIN, 403, 403, 200), 404),
    ("ideas.edit", "POST"): ((LOGIN, 403, 403, 302), 404),
    ("ideas.withdraw", "POST"): ((LOGIN, 403, 403, 302), 404),
    ("ideas.vote", "POST"): ((LOGIN, 403, 302, 302), 404),
    ("ideas.unvote", "POST"): ((LOGIN, 403, 302, 302), 404),
    ("ideas.comments", "GET"): ((302, 302, 302, 302), 404),
    ("ideas.add_comment", "POST"): ((LOGIN, 403, 302, 302), 404),
    ("ideas.edit_comment", "GET"): ((LOGIN, 403, 403, 200), 404),
    ("ideas.edit_comment", "POST"): ((LOGIN, 403, 403, 302), 404),
    ("ideas.delete_comment", "POST"): ((LOGIN, 403, 403, 302), 404),
    ("api.ideas", "GET"): ((200, 200, 200, 200), None),
    ("api.idea", "GET"): ((200, 200, 200, 200), 404),
    ("api.idea_comments", "GET"): ((200, 200, 200, 200), 404),
}


def cases():
    for (endpoint, method), (statuses, unknown) in TABLE.items():
        for role, status in zip(ROLES, statuses):
            yield pytest.param(endpoint, method, role, status, id=f"{method} {endpoint} {role}")
        if unknown is not None:
            yield pytest.param(endpoint, method, "unknown", unknown, id=f"{method} {endpoint} unknown id")


def routes(app):
    return {
        (rule.endpoint, method): rule
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def any_token(app, client):
    """A valid CSRF token for this client's session, also for a visitor."""
    with app.test_request_context():
        token, raw = generate_csrf(), session["csrf_token"]
    with client.session_transaction() as stored:
        stored["csrf_token"] = raw
    return token


@pytest.fixture
def world(app, factory):
    owner, other = factory.user(name="Owner"), factory.user(name="Other")
    unconfirmed = factory.user(name="Unconfirmed", confirmed=False)
    area = factory.area()
    idea = factory.idea(author=owner, area=area)
    with app.app_context():
        comment = Comment(idea_id=idea.id, author_id=owner.id, body="The owner's note")
        db.session.add(comment)
        db.session.commit()
        comment_id = comment.id
        # Both confirmed users already support it, so unvote has one to take back.
        db.session.add_all([Vote(user_id=owner.id, idea_id=idea.id),
                            Vote(user_id=other.id, idea_id=idea.id)])
        row = db.session.get(Idea, idea.id)
        row.vote_count, row.comment_count = 2, 1
        db.session.commit()
    return {
        "users": {"anonymous": None, "unconfirmed": unconfirmed, "other": other,
                  "owner": owner, "unknown": owner},
        "args": {"idea_id": idea.id, "comment_id": comment_id, "filename": "css/site.css",
                 "token": "not-a-real-token"},
        "form": {"title": "A title", "description": "Described", "service_area": str(area.id),
                 "body": "A comment", "email": "", "password": ""},
    }


def url(app, rule, args, unknown=False):
    values = {name: args[name] for name in rule.arguments}
    if unknown:
        last = re.findall(r"<(?:[^:<>]+:)?([^<>]+)>", rule.rule)[-1]
        values[last] = "nope.css" if last == "filename" else UNKNOWN_ID
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


@pytest.mark.parametrize("endpoint, method, role, expected", list(cases()))
def test_route_answers_each_kind_of_visitor(app, make_client, world, endpoint, method, role, expected):
    rule = routes(app).get((endpoint, method))
    assert rule is not None, f"{method} {endpoint} is in the table but not in the app"
    client = make_client()
    user = world["users"][role]
    if user is not None:
        sign_in(client, user)
    address = url(app, rule, world["args"], unknown=role == "unknown")
    if method == "GET":
        response = client.get(address)
    else:
        response = client.post(address, data={**world["form"], "csrf_token": any_token(app, client)})
    location = response.headers.get("Location", "")
    if expected == LOGIN:
        assert response.status_code == 302 and location.startswith("/auth/login"), (
            response.status_code, location)
    else:
        assert response.status_code == expected, (response.status_code, location)
        if expected == 302:
            assert not location.startswith("/auth/login"), location


def test_every_route_is_in_the_table(app):
    assert set(routes(app)) == set(TABLE)


def test_every_state_changing_route_needs_a_csrf_token(app, make_client, world, factory):
    checked = []
    client = make_client()
    sign_in(client, world["users"]["owner"])
    for (endpoint, method), rule in sorted(routes(app).items()):
        if method == "GET":
            continue
        missing = set(rule.arguments) - set(world["args"])
        assert not missing, f"give test_routes an id for {missing} ({endpoint})"
        response = client.post(url(app, rule, world["args"]), data=world["form"])
        assert response.status_code == 400, (endpoint, response.status_code)
        assert "Your form expired" in response.get_data(as_text=True)
        checked.append(endpoint)
    assert "ideas.vote" in checked and "ideas.delete_comment" in checked
    idea = factory.get(Idea, world["args"]["idea_id"])
    assert idea.withdrawn_at is None and idea.vote_count == 2 and idea.comment_count == 1
    comment = factory.get(Comment, world["args"]["comment_id"])
    assert comment.deleted_at is None and comment.body == "The owner's note"
