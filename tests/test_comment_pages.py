"""A long discussion, a page of threads at a time: an idea's or a proposal's
page shows COMMENTS_PER_PAGE top-level comments, oldest first, each with all
its replies, and links to the older and newer pages. A link to a comment
(after posting, editing or deleting it, from a moderator's action, or
?comment=<id>) lands on the page that holds it. The page costs the same
statements whatever the length of the discussion."""
import html
import re
from datetime import timedelta

import pytest
from helpers import text_of
from sqlalchemy import event, insert, select, text, update
from test_comments import nesting
from test_proposals import make_proposal

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Comment, Idea, Proposal


@pytest.fixture
def per_page(app):
    return app.config["COMMENTS_PER_PAGE"]


def discussion(app, threads, authors, replies=(), **subject):
    """`threads` top-level comments on the subject (idea_id=... or
    proposal_id=...), a minute apart, oldest first, then for each (n, depth)
    in `replies` a reply to thread n (depth 1) or to its first reply (depth
    2). Returns the ids of the top-level comments, oldest first."""
    start = utcnow() - timedelta(days=1)
    with app.app_context():
        ids = []
        for n in range(threads):
            ids.append(db.session.scalar(insert(Comment).returning(Comment.id).values(
                author_id=authors[n % len(authors)], body=f"Thread {n}", depth=0,
                created_at=start + timedelta(minutes=n), **subject)))
        first_reply = {}
        for number, (n, depth) in enumerate(replies):
            parent = ids[n] if depth == 1 else first_reply[n]
            reply_id = db.session.scalar(insert(Comment).returning(Comment.id).values(
                author_id=authors[number % len(authors)], body=f"Reply {number} in thread {n}",
                depth=depth, parent_id=parent,
                created_at=start + timedelta(minutes=threads + number), **subject))
            if depth == 1:
                first_reply.setdefault(n, reply_id)
        model, key = (Idea, "idea_id") if "idea_id" in subject else (Proposal, "proposal_id")
        db.session.execute(update(model).where(model.id == subject[key]).values(
            comment_count=model.comment_count + threads + len(replies)))
        db.session.commit()
        return ids


def shown(page):
    """The ids of the comments on a page, in order."""
    return [int(n) for n in re.findall(r'<li class="app-comment[^"]*" id="comment-(\d+)"', page)]


def rows(app, **subject):
    with app.app_context():
        return db.session.scalars(select(Comment.id).where(
            *(getattr(Comment, key) == value for key, value in subject.items()))
            .order_by(Comment.created_at, Comment.id)).all()


def page_nav(page):
    """The comment pages' navigation: (its text, {link text: href})."""
    match = re.search(r'<nav class="app-pagination" aria-label="Comment pages">(.*?)</nav>', page, re.S)
    if match is None:
        return None
    links = {text: html.unescape(href) for href, text in
             re.findall(r'<a [^>]*href="([^"]+)" rel="(?:prev|next)">([^<]+)</a>', match.group(1))}
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()), links


def heading_count(page):
    return int(re.search(r'<h2[^>]*id="comments-title">(\d+) comments?</h2>', page).group(1))


def test_each_page_shows_its_threads_with_all_their_replies(app, factory, client, idea, per_page):
    people = [factory.user().id for _ in range(3)]
    # The first thread has a reply and a reply to it; one on the second page has a reply.
    roots = discussion(app, per_page + 3, people, replies=[(0, 1), (0, 2), (per_page + 1, 1)],
                       idea_id=idea.id)
    everything = rows(app, idea_id=idea.id)

    first = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    second = client.get(f"/ideas/{idea.id}?comments=2").get_data(as_text=True)
    on_first, on_second = shown(first), shown(second)
    assert [c for c in on_first if c in roots] == roots[:per_page]
    assert [c for c in on_second if c in roots] == roots[per_page:]
    # Every comment is on exactly one page, each reply under its own thread.
    assert sorted(on_first + on_second) == sorted(everything)
    assert len(on_first) == per_page + 2 and len(on_second) == 3 + 1
    reply, deeper = [c for c in on_first if c not in roots]
    assert nesting(first)[f"comment-{deeper}"] == [f"comment-{roots[0]}", f"comment-{reply}"]
    late_reply = next(c for c in on_second if c not in roots)
    assert nesting(second)[f"comment-{late_reply}"] == [f"comment-{roots[per_page + 1]}"]
    # The heading counts every comment, on every page.
    assert heading_count(first) == heading_count(second) == len(everything) == per_page + 6


def test_the_pages_link_to_each_other(app, factory, client, idea, per_page):
    discussion(app, 2 * per_page + 1, [factory.user().id], idea_id=idea.id)

    text, links = page_nav(client.get(f"/ideas/{idea.id}").get_data(as_text=True))
    assert text == "Page 1 of 3 Newer comments"
    assert links == {"Newer comments": f"/ideas/{idea.id}?comments=2#comments"}
    text, links = page_nav(client.get(links["Newer comments"]).get_data(as_text=True))
    assert text == "Older comments Page 2 of 3 Newer comments"
    assert links == {"Older comments": f"/ideas/{idea.id}#comments",
                     "Newer comments": f"/ideas/{idea.id}?comments=3#comments"}
    text, links = page_nav(client.get(links["Newer comments"]).get_data(as_text=True))
    assert text == "Older comments Page 3 of 3"


def test_a_short_discussion_has_no_page_links(app, factory, client, idea, per_page):
    discussion(app, per_page, [factory.user().id], replies=[(0, 1)], idea_id=idea.id)
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert page_nav(page) is None and len(shown(page)) == per_page + 1
    empty = factory.idea(title="Nobody has spoken")
    assert "No comments yet" in text_of(client.get(f"/ideas/{empty.id}"))
    assert page_nav(client.get(f"/ideas/{empty.id}?comments=3").get_data(as_text=True)) is None


@pytest.mark.parametrize("value, expected", [
    ("1", 1), ("2", 2), ("3", 3), ("4", 3), ("99999999999", 3), ("0", 1), ("-1", 1), ("", 1),
    ("abc", 1), ("²", 1), ("1.5", 1), ("9" * 5000, 1), ("2&comments=3", 2),
])
def test_any_page_value_shows_a_page(app, factory, client, idea, per_page, value, expected):
    """Not a page number: the first page. Past the end: the last."""
    roots = discussion(app, 2 * per_page + 1, [factory.user().id], idea_id=idea.id)
    response = client.get(f"/ideas/{idea.id}?comments={value}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert shown(page)[0] == roots[(expected - 1) * per_page]
    assert f"Page {expected} of 3" in page_nav(page)[0]


def test_a_link_to_a_comment_opens_the_page_holding_it(app, factory, client, idea, per_page):
    roots = discussion(app, per_page + 2, [factory.user().id], replies=[(per_page, 1), (per_page, 2)],
                       idea_id=idea.id)
    deepest = rows(app, idea_id=idea.id)[-1]
    for target in (roots[per_page], deepest):
        page = client.get(f"/ideas/{idea.id}?comment={target}").get_data(as_text=True)
        assert target in shown(page) and "Page 2 of 2" in page
    other = factory.idea(title="Elsewhere")
    elsewhere = discussion(app, 1, [factory.user().id], idea_id=other.id)[0]
    # A comment of another idea, or none at all: the page asked for, or the first.
    for value in (elsewhere, 0, 2**40, "x"):
        page = client.get(f"/ideas/{idea.id}?comment={value}").get_data(as_text=True)
        assert "Page 1 of 2" in page
    page = client.get(f"/ideas/{idea.id}?comment=x&comments=2").get_data(as_text=True)
    assert "Page 2 of 2" in page


def test_replying_on_the_second_page_comes_back_to_it(app, factory, rosa, idea, per_page):
    roots = discussion(app, per_page + 2, [factory.user().id], idea_id=idea.id)
    target = roots[per_page + 1]

    response = rosa.post(f"/ideas/{idea.id}/comments", {"body": "Agreed!", "parent_id": str(target)})
    assert response.status_code == 302
    reply = int(re.fullmatch(rf"/ideas/{idea.id}\?comments=2#comment-(\d+)",
                             response.headers["Location"]).group(1))
    page = rosa.get(response.headers["Location"]).get_data(as_text=True)
    assert nesting(page)[f"comment-{reply}"] == [f"comment-{target}"]
    assert "Agreed!" in page and heading_count(page) == per_page + 3

    # Editing and deleting it come back to the same page; so does Cancel.
    edit_url = f"/ideas/{idea.id}/comments/{reply}/edit"
    edit_page = rosa.get(edit_url).get_data(as_text=True)
    assert f'href="/ideas/{idea.id}?comments=2#comment-{reply}">Cancel' in edit_page
    edited = rosa.post(edit_url, {"body": "Agreed, twice!"})
    assert edited.headers["Location"] == f"/ideas/{idea.id}?comments=2#comment-{reply}"
    deleted = rosa.post(f"/ideas/{idea.id}/comments/{reply}/delete")
    assert deleted.headers["Location"] == f"/ideas/{idea.id}?comments=2#comment-{reply}"

    # A reply on the first page, and a new thread, which is the newest: the last page.
    early = rosa.post(f"/ideas/{idea.id}/comments", {"body": "Me too", "parent_id": str(roots[0])})
    assert re.fullmatch(rf"/ideas/{idea.id}#comment-\d+", early.headers["Location"])
    new = rosa.post(f"/ideas/{idea.id}/comments", {"body": "A new thought"})
    assert re.fullmatch(rf"/ideas/{idea.id}\?comments=2#comment-\d+", new.headers["Location"])


def test_a_refused_reply_reopens_on_its_page(app, factory, rosa, idea, per_page):
    roots = discussion(app, per_page + 1, [factory.user().id], idea_id=idea.id)
    target = roots[-1]
    response = rosa.post(f"/ideas/{idea.id}/comments", {"body": " ", "parent_id": str(target)})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Page 2 of 2" in page and target in shown(page)
    assert f'id="reply-{target}-error"' in page


def test_a_moderator_comes_back_to_the_page_they_acted_on(app, factory, moderator, idea, per_page):
    roots = discussion(app, per_page + 1, [factory.user().id], idea_id=idea.id)
    target = roots[-1]
    page = moderator.get(f"/ideas/{idea.id}?comments=2").get_data(as_text=True)
    back = f"/ideas/{idea.id}?comments=2#comment-{target}"
    assert f'<input type="hidden" name="next" value="{html.escape(back)}">' in page
    hidden = moderator.post(f"/moderation/comments/{target}/hide",
                            {"reason": "spam", "note": "", "next": back})
    assert hidden.headers["Location"] == back
    page = moderator.get(back).get_data(as_text=True)
    assert "Restore" in page and target in shown(page)
    # The hidden comment keeps its place; the heading counts what is shown.
    assert heading_count(page) == per_page
    assert f'value="{html.escape(back)}"' in page


def test_proposals_page_their_comments_too(app, factory, staff_user, rosa, per_page):
    proposal_id = make_proposal(app, staff_user, factory.area())
    roots = discussion(app, per_page + 1, [factory.user().id], replies=[(per_page, 1)],
                       proposal_id=proposal_id)
    first = rosa.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert shown(first) == roots[:per_page]
    assert page_nav(first)[1] == {"Newer comments": f"/proposals/{proposal_id}?comments=2#comments"}
    second = rosa.get(f"/proposals/{proposal_id}?comments=2").get_data(as_text=True)
    assert shown(second)[0] == roots[-1] and len(shown(second)) == 2
    assert heading_count(first) == heading_count(second) == per_page + 2

    response = rosa.post(f"/proposals/{proposal_id}/comments",
                         {"body": "Yes", "parent_id": str(roots[-1])})
    assert re.fullmatch(rf"/proposals/{proposal_id}\?comments=2#comment-\d+",
                        response.headers["Location"])
    refused = rosa.post(f"/proposals/{proposal_id}/comments", {"body": "", "parent_id": str(roots[-1])})
    assert refused.status_code == 422 and "Page 2 of 2" in refused.get_data(as_text=True)


def test_the_page_costs_the_same_statements_for_one_comment_or_sixty_threads(
        app, factory, make_client, statements, idea, per_page):  # noqa: F811
    from helpers import sign_in
    reader = factory.user(name="Rita Reader")
    moderator = factory.user(name="Mo Moderator", role="moderator")
    other = factory.idea(title="Busy")
    discussion(app, 1, [reader.id], idea_id=idea.id)
    people = [factory.user().id for _ in range(5)]
    replies = [(n, 1) for n in range(0, 60, 2)] + [(n, 2) for n in range(0, 60, 4)]
    discussion(app, 60, people, replies=replies, idea_id=other.id)

    def cost(path, user):
        client = make_client()
        if user is not None:
            sign_in(client, user)
        statements.clear()
        assert client.get(path).status_code == 200
        return len(statements)

    for user in (None, reader, moderator):
        one = cost(f"/ideas/{idea.id}", user)
        assert cost(f"/ideas/{other.id}", user) == one
        assert cost(f"/ideas/{other.id}?comments=3", user) == one
        assert cost(f"/ideas/{other.id}?comments=99", user) == one


def test_a_reader_without_javascript_follows_the_pages_and_replies(app, factory, rosa, idea, per_page):
    roots = discussion(app, per_page + 1, [factory.user().id], idea_id=idea.id)
    first = rosa.get(f"/ideas/{idea.id}").get_data(as_text=True)
    second = rosa.get(page_nav(first)[1]["Newer comments"]).get_data(as_text=True)
    last = roots[-1]
    # The reply form under the last thread, as the page gives it.
    item = second[second.index(f'id="comment-{last}"'):]
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', item, re.S)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form.group(2)))
    assert fields["parent_id"] == str(last)
    response = rosa.post(html.unescape(form.group(1)),
                         {"body": "Seen it too", "parent_id": fields["parent_id"]})
    assert response.status_code == 302
    page = rosa.get(response.headers["Location"]).get_data(as_text=True)
    assert "Seen it too" in page and "Your comment is posted." in page and "Page 2 of 2" in page
    back = rosa.get(page_nav(page)[1]["Older comments"]).get_data(as_text=True)
    assert shown(back)[0] == roots[0]


def test_signing_in_to_comment_comes_back_to_the_same_page(app, factory, client, idea, per_page):
    from helpers import PASSWORD, csrf_token
    discussion(app, per_page + 1, [factory.user().id], idea_id=idea.id)
    reader = factory.user(name="Rita Reader", email="rita@example.test")
    page = client.get(f"/ideas/{idea.id}?comments=2").get_data(as_text=True)
    sign_in_url = html.unescape(re.search(r'<a [^>]*href="([^"]+)">Sign in to comment</a>', page).group(1))
    response = client.post(sign_in_url, data={"csrf_token": csrf_token(client, sign_in_url),
                                              "email": reader.email, "password": PASSWORD})
    assert response.headers["Location"] == f"/ideas/{idea.id}?comments=2#comments"


def test_sqlite_finds_the_threads_from_their_own_index(app, factory, client, idea, per_page):
    """With planner statistics like a real site's (most ideas have a thread
    or two), counting and paging an idea's threads reads the partial index of
    migration 0005. At Madrid scale SQLite otherwise read every top-level
    comment there is through ix_comment_parent_id."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite's planner; PostgreSQL is checked by the benchmark")
    people = [factory.user().id]
    discussion(app, per_page + 1, people, replies=[(n, 1) for n in range(per_page)],
               idea_id=idea.id)
    # Most ideas have a thread or two, as on a real site.
    area = factory.area()
    for _ in range(80):
        discussion(app, 1, people, replies=[(0, 1)], idea_id=factory.idea(area=area).id)
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if "parent_id IS NULL" in statement:
            seen.append((statement, parameters))

    with app.app_context():
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(f"/ideas/{idea.id}").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len(seen) == 2  # the count, then the page
    with app.app_context():
        for statement, parameters in seen:
            rows = db.session.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, tuple(parameters)).all()
            plan = " | ".join(row[-1] for row in rows)
            assert "ix_comment_idea_threads" in plan, plan
