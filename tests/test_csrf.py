"""CSRF: every route that changes something refuses a POST without a valid
token, except the few listed here on purpose, and nothing else is exempt.

Walks app.url_map, so a route added later is covered without editing this file.
"""
import pytest
from flask import url_for
from helpers import sign_in
from werkzeug.routing import IntegerConverter

from codesign.extensions import csrf

# Exempt on purpose, and why. Nothing else may be.
EXEMPT = {
    # RFC 8058 one-click unsubscribe: mail clients POST without a session, so
    # there is no token to send; the signed token in the URL is the proof.
    "notifications.unsubscribe",
}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def view_location(view):
    return f"{view.__module__}.{view.__name__}"


def exempt_endpoints(app):
    """Exempt views that accept a method that changes something (an exempt
    GET-only view, like the health check, loses nothing)."""
    changing = {rule.endpoint for rule, _method in changing_routes(app)}
    return {endpoint for endpoint, view in app.view_functions.items()
            if view_location(view) in csrf._exempt_views and endpoint in changing}


def changing_routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        for method in sorted(rule.methods - SAFE_METHODS):
            yield rule, method


def address(app, rule):
    """The rule's URL with a plausible value for each part (the check runs
    before the view, so the ids need not exist)."""
    values = {name: 1 if isinstance(converter, IntegerConverter) else "x"
              for name, converter in rule._converters.items()}
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def test_exactly_the_listed_views_are_exempt(app):
    expected = {endpoint for endpoint in EXEMPT if endpoint in app.view_functions}
    assert exempt_endpoints(app) == expected
    # A view exempted by name but never registered would be a stale hole.
    registered = {view_location(view) for view in app.view_functions.values()}
    assert csrf._exempt_views <= registered


@pytest.mark.parametrize("who", ["anonymous", "resident"])
@pytest.mark.parametrize("token", [None, "forged"])
def test_every_state_changing_route_refuses_a_missing_or_forged_token(
        app, make_client, factory, who, token):
    client = make_client()
    if who == "resident":
        sign_in(client, factory.user())
    checked = []
    for rule, method in changing_routes(app):
        if rule.endpoint in EXEMPT:
            continue
        data = {} if token is None else {"csrf_token": token}
        response = client.open(address(app, rule), method=method, data=data)
        assert response.status_code == 400, (method, rule.rule, response.status_code)
        assert "Your form expired" in response.get_data(as_text=True), rule.rule
        checked.append(rule.endpoint)
    assert {"auth.login", "auth.logout", "ideas.support", "ideas.add_comment"} <= set(checked)


def test_exempt_routes_do_not_ask_for_a_token(app, client):
    for rule, method in changing_routes(app):
        if rule.endpoint not in EXEMPT:
            continue
        response = client.open(address(app, rule), method=method, data={})
        assert "Your form expired" not in response.get_data(as_text=True), rule.rule
        assert response.status_code < 500
