"""Comments on ideas, as a resident meets them: post, reply, edit, delete."""
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from flask import session
from flask_wtf.csrf import generate_csrf
from helpers import csrf_token, sign_in

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Comment, Idea


def any_token(app, client):
    """A valid CSRF token for this client's session, also for a visitor with no form to read."""
    with app.test_request_context():
        token, raw = generate_csrf(), session["csrf_token"]
    with client.session_transaction() as stored:
        stored["csrf_token"] = raw
    return token


def comment_post(client, idea_id, body, parent_id=None, token=None):
    data = {"csrf_token": token or csrf_token(client, f"/ideas/{idea_id}"), "body": body}
    if parent_id is not None:
        data["parent_id"] = str(parent_id)
    return client.post(f"/ideas/{idea_id}/comments", data=data)


def posted_id(response):
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return int(re.search(r"#comment-(\d+)$", response.headers["Location"]).group(1))


def comments_of(app, idea_id):
    from codesign.extensions import db
    with app.app_context():
        return db.session.scalars(
            db.select(Comment).where(Comment.idea_id == idea_id).order_by(Comment.id)
        ).all()


class CommentNesting(HTMLParser):
    """For each <li class="app-comment">, the ids of the comments it sits inside."""

    def __init__(self):
        super().__init__()
        self.stack, self.ancestors = [], {}

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            attrs = dict(attrs)
            own = attrs.get("id") if "app-comment" in (attrs.get("class") or "").split() else None
            if own:
                self.ancestors[own] = [i for i in self.stack if i]
            self.stack.append(own)

    def handle_endtag(self, tag):
        if tag == "li":
            self.stack.pop()


def nesting(html):
    parser = CommentNesting()
    parser.feed(html)
    return parser.ancestors


@pytest.fixture
def author(factory):
    return factory.user(name="Ada Author")


@pytest.fixture
def idea(factory, author):
    return factory.idea(author=author, title="Benches in the park")


@pytest.fixture
def author_client(make_client, author):
    client = make_client()
    sign_in(client, author)
    return client


def test_comment_markdown_is_rendered_and_source_stored(app, resident_client, idea):
    source = "I **agree**, see [the plan](https://example.org/plan)\n\n- one\n- two"
    comment_id = posted_id(comment_post(resident_client, idea.id, source))
    page = resident_client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "<strong>agree</strong>" in page
    assert '<a href="https://example.org/plan" rel="nofollow ugc noopener">the plan</a>' in page
    assert "<li>one</li>" in page
    assert f'id="comment-{comment_id}"' in page
    [stored] = comments_of(app, idea.id)
    assert stored.body == source


def test_replies_nest_two_levels_and_no_deeper(app, factory, resident_client, idea):
    comment = posted_id(comment_post(resident_client, idea.id, "Top level"))
    reply = posted_id(comment_post(resident_client, idea.id, "A reply", parent_id=comment))
    deepest = posted_id(comment_post(resident_client, idea.id, "Reply to the reply", parent_id=reply))
    assert [c.depth for c in comments_of(app, idea.id)] == [0, 1, 2]

    page = resident_client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert nesting(page) == {
        f"comment-{comment}": [],
        f"comment-{reply}": [f"comment-{comment}"],
        f"comment-{deepest}": [f"comment-{comment}", f"comment-{reply}"],
    }
    # A Reply button (its form) under the first two, none under the deepest.
    assert f'name="parent_id" value="{comment}"' in page
    assert f'name="parent_id" value="{reply}"' in page
    assert f'name="parent_id" value="{deepest}"' not in page

    refused = comment_post(resident_client, idea.id, "Too deep", parent_id=deepest)
    assert refused.status_code == 403
    assert len(comments_of(app, idea.id)) == 3
    assert factory.get(Idea, idea.id).comment_count == 3


def test_parent_from_another_idea_is_not_found(app, factory, resident_client, idea):
    other = factory.idea()
    foreign = posted_id(comment_post(resident_client, other.id, "Elsewhere"))
    response = comment_post(resident_client, idea.id, "Reply across ideas", parent_id=foreign)
    assert response.status_code == 404
    assert comments_of(app, idea.id) == []
    assert comment_post(resident_client, idea.id, "Bad parent", parent_id="abc").status_code == 404
    assert comment_post(resident_client, idea.id, "Huge parent", parent_id="9" * 30).status_code == 404


def test_reply_to_a_deleted_comment_is_refused(app, resident_client, idea):
    comment = posted_id(comment_post(resident_client, idea.id, "Soon gone"))
    token = csrf_token(resident_client, f"/ideas/{idea.id}")
    resident_client.post(f"/ideas/{idea.id}/comments/{comment}/delete", data={"csrf_token": token})
    late = comment_post(resident_client, idea.id, "Late", parent_id=comment)
    assert late.status_code == 302  # the reply form was open when it went: say so
    page = resident_client.get(late.headers["Location"]).get_data(as_text=True)
    assert "You cannot reply to a deleted or hidden comment." in page
    assert len(comments_of(app, idea.id)) == 1


def test_author_edits_within_fifteen_minutes(app, resident_client, idea):
    comment = posted_id(comment_post(resident_client, idea.id, "First draft"))
    edit_url = f"/ideas/{idea.id}/comments/{comment}/edit"
    assert f'href="{edit_url}"' in resident_client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    form = resident_client.get(edit_url)
    assert form.status_code == 200 and "First draft" in form.get_data(as_text=True)

    saved = resident_client.post(edit_url, data={"csrf_token": csrf_token(resident_client, edit_url),
                                                 "body": "Second *thought*"})
    assert saved.status_code == 302
    [stored] = comments_of(app, idea.id)
    assert stored.body == "Second *thought*" and stored.edited_at is not None
    page = resident_client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "<em>thought</em>" in page and "First draft" not in page


def test_edit_window_closes_after_fifteen_minutes(app, monkeypatch, resident_client, idea):
    comment = posted_id(comment_post(resident_client, idea.id, "Typed in haste"))
    edit_url = f"/ideas/{idea.id}/comments/{comment}/edit"
    token = csrf_token(resident_client, edit_url)
    later = utcnow() + timedelta(minutes=16)
    monkeypatch.setattr("codesign.permissions.utcnow", lambda: later)

    page = resident_client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Typed in haste" in page
    assert edit_url not in page
    assert resident_client.get(edit_url).status_code == 403
    response = resident_client.post(edit_url, data={"csrf_token": token, "body": "Rewritten"})
    assert response.status_code == 403
    assert comments_of(app, idea.id)[0].body == "Typed in haste"


def test_others_cannot_edit_or_delete(app, author_client, resident_client, idea):
    comment = posted_id(comment_post(resident_client, idea.id, "Mine, not yours"))
    edit_url = f"/ideas/{idea.id}/comments/{comment}/edit"
    delete_url = f"/ideas/{idea.id}/comments/{comment}/delete"
    page = author_client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert edit_url not in page and delete_url not in page

    token = csrf_token(author_client, f"/ideas/{idea.id}")
    assert author_client.get(edit_url).status_code == 403
    assert author_client.post(edit_url, data={"csrf_token": token, "body": "Hijacked"}).status_code == 403
    assert author_client.post(delete_url, data={"csrf_token": token}).status_code == 403
    [stored] = comments_of(app, idea.id)
    assert stored.body == "Mine, not yours" and stored.deleted_at is None


def count_on_list(client, idea):
    page = client.get("/ideas?sort=newest").get_data(as_text=True)
    card = page[page.index(f'id="idea-{idea.id}-title"'):]
    return int(re.search(r"(\d+) comments?<", card).group(1))


def count_on_detail(client, idea):
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    return int(re.search(r'<h2[^>]*id="comments-title">(\d+) comments?</h2>', page).group(1))


def assert_counts_match_rows(app, client, idea):
    rows = [c for c in comments_of(app, idea.id) if c.deleted_at is None and c.hidden_at is None]
    api = client.get(f"/api/v1/ideas/{idea.id}").get_json()["comment_count"]
    assert count_on_list(client, idea) == count_on_detail(client, idea) == api == len(rows)


def test_deleting_own_comment_leaves_a_marker_and_keeps_replies(
        app, factory, author_client, resident_client, idea):
    doomed = posted_id(comment_post(resident_client, idea.id, "Zebra crossing secret"))
    reply = posted_id(comment_post(author_client, idea.id, "Answering the zebra", parent_id=doomed))
    posted_id(comment_post(author_client, idea.id, "Another thought"))
    assert_counts_match_rows(app, resident_client, idea)

    token = csrf_token(resident_client, f"/ideas/{idea.id}")
    response = resident_client.post(f"/ideas/{idea.id}/comments/{doomed}/delete",
                                    data={"csrf_token": token})
    assert response.status_code == 302

    page = resident_client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Zebra crossing secret" not in page
    marker = page[page.index(f'id="comment-{doomed}"'):]
    assert marker.index("Comment deleted") < marker.index(f'id="comment-{reply}"')
    assert "Answering the zebra" in page
    assert nesting(page)[f"comment-{reply}"] == [f"comment-{doomed}"]
    api = resident_client.get(f"/api/v1/ideas/{idea.id}/comments").get_data(as_text=True)
    assert "Zebra crossing secret" not in api and "Answering the zebra" in api
    assert_counts_match_rows(app, resident_client, idea)
    assert factory.get(Idea, idea.id).comment_count == 2

    # Deleting twice (a replayed form) is explained and changes no count.
    again = resident_client.post(f"/ideas/{idea.id}/comments/{doomed}/delete", data={"csrf_token": token},
                                 follow_redirects=True)
    assert "already deleted" in again.get_data(as_text=True)
    assert factory.get(Idea, idea.id).comment_count == 2


def test_comment_by_someone_else_locks_the_idea(author_client, resident_client, idea):
    edit_url = f"/ideas/{idea.id}/edit"
    posted_id(comment_post(author_client, idea.id, "Adding detail to my own idea"))
    assert author_client.get(edit_url).status_code == 200
    assert f'href="{edit_url}"' in author_client.get(f"/ideas/{idea.id}").get_data(as_text=True)

    posted_id(comment_post(resident_client, idea.id, "Good idea"))
    page = author_client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert f'href="{edit_url}"' not in page
    assert "can no longer be edited" in page
    assert author_client.get(edit_url).status_code == 302  # told why, on the idea's page


@pytest.mark.parametrize("body, message", [
    ("", "Write your comment"),
    ("   \n ", "Write your comment"),
    ("Long words " * 455, "Keep your comment to 5000 characters or fewer"),
])
def test_bad_comment_is_refused_beside_the_field(app, resident_client, idea, body, message):
    response = comment_post(resident_client, idea.id, body)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "<title>Error: Benches in the park" in page
    field = page[page.index('<label class="govuk-label" for="body">'):page.index("Post comment")]
    assert 'class="govuk-error-message"' in field and message in field
    assert 'aria-invalid="true"' in field
    if body.strip():
        assert body.strip() in field  # the typed text is kept
    assert comments_of(app, idea.id) == []


def test_nul_characters_are_dropped(app, resident_client, idea):
    """PostgreSQL cannot store them, so they must not reach the database."""
    assert comment_post(resident_client, idea.id, "nul\x00here").status_code == 302
    assert comments_of(app, idea.id)[0].body == "nulhere"


def test_bad_reply_reopens_under_its_comment(app, resident_client, idea):
    first = posted_id(comment_post(resident_client, idea.id, "First"))
    second = posted_id(comment_post(resident_client, idea.id, "Second"))
    typed = "x" * 5001
    response = comment_post(resident_client, idea.id, typed, parent_id=second)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "<title>Error: Benches in the park" in page
    under_second = page[page.index(f'id="comment-{second}"'):]
    assert " open>" in under_second.lstrip().split("<details", 1)[1].split(">", 1)[0] + ">"
    assert "Keep your comment to 5000 characters or fewer" in under_second
    assert f">{typed}</textarea>" in under_second
    under_first = page[page.index(f'id="comment-{first}"'):page.index(f'id="comment-{second}"')]
    assert "<details open" not in under_first and "error-message" not in under_first
    assert len(comments_of(app, idea.id)) == 2


def test_bad_edit_keeps_the_text(app, resident_client, idea):
    comment = posted_id(comment_post(resident_client, idea.id, "Original"))
    edit_url = f"/ideas/{idea.id}/comments/{comment}/edit"
    typed = "y" * 5001
    response = resident_client.post(edit_url, data={"csrf_token": csrf_token(resident_client, edit_url),
                                                    "body": typed})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Keep your comment to 5000 characters or fewer" in page and typed in page
    assert comments_of(app, idea.id)[0].body == "Original"


def test_visitor_is_sent_to_sign_in(app, client, idea):
    response = comment_post(client, idea.id, "Drive-by", token=any_token(app, client))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")
    assert comments_of(app, idea.id) == []
    assert "Sign in to comment" in client.get(f"/ideas/{idea.id}").get_data(as_text=True)


def test_unconfirmed_user_is_told_why(app, factory, make_client, idea):
    client = make_client()
    sign_in(client, factory.user(confirmed=False))
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Confirm your email address to join the discussion" in page
    response = comment_post(client, idea.id, "Hello", token=csrf_token(client, f"/ideas/{idea.id}"))
    assert response.status_code == 403
    assert "Confirm your email first" in response.get_data(as_text=True)
    assert comments_of(app, idea.id) == []


def test_commenting_on_your_idea_hidden_since_the_page_was_shown_says_why(
        app, factory, author, author_client, idea):
    token = csrf_token(author_client, f"/ideas/{idea.id}")
    with app.app_context():
        hidden = db.session.get(Idea, idea.id)
        hidden.hidden_at, hidden.hidden_reason = utcnow(), "spam"
        db.session.commit()

    response = comment_post(author_client, idea.id, "My last word", token=token)

    assert response.status_code == 302
    page = author_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This idea is hidden and cannot be commented on." in page
    assert comments_of(app, idea.id) == []


def test_hidden_idea_takes_no_comments(app, factory, resident_client):
    hidden = factory.idea(hidden_at=utcnow())
    token = csrf_token(resident_client, "/ideas")
    assert comment_post(resident_client, hidden.id, "Hello", token=token).status_code == 403
    assert comments_of(app, hidden.id) == []


def test_comments_address_redirects_to_the_discussion(client, idea):
    response = client.get(f"/ideas/{idea.id}/comments")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/ideas/{idea.id}#comments")
    assert client.get("/ideas/999999/comments").status_code == 404
