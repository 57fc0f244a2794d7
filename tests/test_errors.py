"""Error pages people can read, and the headers that back up the sanitiser."""
import re
from pathlib import Path

import pytest
from helpers import csrf_token

from codesign.models import Comment, Idea

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_unknown_address_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Page not found" in page
    assert 'href="/">Go to the home page</a>' in page
    assert client.get("/ideas/999999").status_code == 404


def test_wrong_method_says_so(client, factory):
    idea = factory.idea()
    response = client.get(f"/ideas/{idea.id}/support")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert "That action is not allowed here." in response.get_data(as_text=True)


def test_missing_csrf_token_is_a_400_page(factory, resident_client):
    idea = factory.idea()
    response = resident_client.post(f"/ideas/{idea.id}/support")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Your form expired" in page and "reload the page" in page
    response = resident_client.post(f"/ideas/{idea.id}/support", data={"csrf_token": "forged"})
    assert response.status_code == 400
    assert factory.get(Idea, idea.id).support_count == 0


def test_body_over_one_megabyte_is_a_413_page(app, factory, resident_client):
    idea = factory.idea()
    token = csrf_token(resident_client, f"/ideas/{idea.id}")
    response = resident_client.post(f"/ideas/{idea.id}/comments",
                                    data={"csrf_token": token, "body": "x" * (1024 * 1024 + 1)})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    with app.app_context():
        from codesign.extensions import db
        assert db.session.scalar(db.select(db.func.count()).select_from(Comment)) == 0


def test_unexpected_error_is_a_friendly_500_and_the_site_recovers(client, factory, monkeypatch):
    factory.idea(title="Still here")

    def broken(*args, **kwargs):
        raise RuntimeError("database exploded: secret detail")

    monkeypatch.setattr("codesign.ideas.queries.browse_ideas", broken)
    response = client.get("/ideas")
    assert response.status_code == 500 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Something went wrong on our side. Please try again in a moment." in page
    assert "secret detail" not in page and "Traceback" not in page
    api = client.get("/api/v1/ideas")
    assert api.status_code == 500 and api.is_json
    assert api.get_json()["error"]["code"] == 500 and "secret" not in api.get_data(as_text=True)

    monkeypatch.undo()
    response = client.get("/ideas")
    assert response.status_code == 200 and "Still here" in response.get_data(as_text=True)


def csp(response):
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("path", ["/", "/ideas", "/ideas/new", "/no/such/page"])
def test_security_headers_on_html(client, path):
    response = client.get(path, follow_redirects=False)
    assert response.mimetype == "text/html" or response.status_code == 302
    policy = csp(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_json_is_not_sniffed(client):
    response = client.get("/api/v1/ideas")
    assert response.is_json
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_templates_need_no_unsafe_inline():
    """The CSP forbids inline script and style, so no template may rely on them."""
    offences = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        source = path.read_text()
        for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", source, re.S | re.I):
            if "src=" not in match.group(1) or match.group(2).strip():
                offences.append((path.name, "inline script", match.group(0)[:60]))
        for tag in re.findall(r"<[a-zA-Z][^>]*>", source):
            if re.search(r"\sstyle\s*=", tag, re.I):
                offences.append((path.name, "style attribute", tag[:60]))
            if re.search(r"\son[a-z]+\s*=", tag, re.I):
                offences.append((path.name, "event handler", tag[:60]))
        if re.search(r"<style\b", source, re.I):
            offences.append((path.name, "style element", ""))
        if re.search(r"javascript:", source, re.I):
            offences.append((path.name, "javascript: URL", ""))
    assert list(TEMPLATES.rglob("*.html")), "no templates found"
    assert offences == []
