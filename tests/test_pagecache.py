"""Whole pages for visitors who are not signed in: served again without the
database until anything is written, by any process, and never to someone
signed in or with a message waiting.

The page cache is off in the testing config, so these tests build apps of
their own with it on, over the session's database, sharing a Redis key per
test as the workers of one site would."""
import re
import uuid

import pytest
from helpers import REDIS_URL, BufferedClient, csrf_token, redis_or_skip, sign_in, text_of
from sqlalchemy import event

from codesign import create_app, templating
from codesign.clock import utcnow
from codesign.extensions import db


@pytest.fixture
def redis_key():
    connection = redis_or_skip()
    key = f"test:page-generation:{uuid.uuid4().hex}"
    yield key
    connection.delete(key)


def cached_app(app, key, url=REDIS_URL):
    """A worker of the same site: same database, page cache on."""
    config = {name: app.config[name] for name in (
        "SQLALCHEMY_DATABASE_URI", "SERVER_NAME", "MAIL_SERVER", "MAIL_PORT",
        "MAIL_DEFAULT_SENDER")}
    config.update(ENV_NAME="testing", PAGE_CACHE_URL=url, PAGE_CACHE_KEY=key)
    new = create_app(config)
    new.test_client_class = BufferedClient
    return new


@pytest.fixture
def workers(app, redis_key):
    made = [cached_app(app, redis_key), cached_app(app, redis_key)]
    yield made
    for worker in made:
        with worker.app_context():
            db.engine.dispose()


def statements_of(worker):
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with worker.app_context():
        event.listen(db.engine, "before_cursor_execute", record)
    return seen


def supports_shown(response, title):
    card = re.search(re.escape(title) + r".*?(\d+) supports?", text_of(response), re.S)
    return int(card.group(1))


@pytest.fixture
def listed(factory):
    return factory.idea(title="Benches at every bus stop")


def test_a_second_anonymous_visit_is_served_without_the_database(workers, listed):
    worker = workers[0]
    first = worker.test_client().get("/ideas?sort=newest")
    seen = statements_of(worker)
    again = worker.test_client().get("/ideas?sort=newest")
    assert again.status_code == 200
    assert again.data == first.data
    assert seen == []


def test_a_support_is_shown_at_once_by_every_worker(workers, factory, listed):
    one, other = workers
    visitor = one.test_client()
    assert supports_shown(visitor.get("/ideas?sort=newest"), listed.title) == 0
    assert supports_shown(other.test_client().get("/ideas?sort=newest"), listed.title) == 0

    supporter = other.test_client()
    sign_in(supporter, factory.user())
    token = csrf_token(supporter, f"/ideas/{listed.id}")
    assert supporter.post(f"/ideas/{listed.id}/support", data={"csrf_token": token}).status_code == 302

    # The write went through the other worker: this one's copy is stale now.
    assert supports_shown(visitor.get("/ideas?sort=newest"), listed.title) == 1
    assert supports_shown(other.test_client().get("/ideas?sort=newest"), listed.title) == 1


def test_signed_in_people_get_their_own_page_and_never_leave_it_behind(
        workers, factory, listed, monkeypatch):
    # The pages are compared byte for byte: "1 second ago" must not turn into
    # "2 seconds ago" between them on a slow machine.
    now = utcnow()
    monkeypatch.setattr(templating, "utcnow", lambda: now)
    worker = workers[0]
    anonymous = worker.test_client().get("/ideas?sort=newest")
    person = worker.test_client()
    sign_in(person, factory.user(name="Rosa Parkside"))
    theirs = person.get("/ideas?sort=newest")
    assert "Signed in as Rosa Parkside" in text_of(theirs)
    later = worker.test_client().get("/ideas?sort=newest")
    assert "Rosa Parkside" not in text_of(later)
    assert later.data == anonymous.data


def test_a_waiting_message_is_shown_not_a_kept_page(workers, listed):
    worker = workers[0]
    worker.test_client().get("/ideas?sort=newest")
    visitor = worker.test_client()
    with visitor.session_transaction() as session:
        session["_flashes"] = [("success", "You are signed out.")]
    assert "You are signed out." in text_of(visitor.get("/ideas?sort=newest"))
    # Shown once, and not kept for the next visitor.
    assert "You are signed out." not in text_of(visitor.get("/ideas?sort=newest"))
    assert "You are signed out." not in text_of(worker.test_client().get("/ideas?sort=newest"))


def test_each_visitor_keeps_their_own_random_order(workers, factory):
    area = factory.area()
    for n in range(30):
        factory.idea(area=area, title=f"Shuffled idea {n:02d}")
    worker = workers[0]

    def order(client):
        return re.findall(r"Shuffled idea \d\d", text_of(client.get("/ideas")))

    orders = {}
    for seed in (11, 12_345_678):
        visitor = worker.test_client()
        with visitor.session_transaction() as session:
            session["shuffle"] = seed
        orders[seed] = order(visitor)
        assert order(visitor) == orders[seed]
    assert orders[11] != orders[12_345_678]


def test_pages_render_as_usual_when_redis_is_down(app, listed):
    # Nothing listens on port 1.
    down = cached_app(app, "unused", url="redis://127.0.0.1:1/0")
    try:
        client = down.test_client()
        pages = [client.get("/ideas?sort=newest"), client.get("/ideas?sort=newest"), client.get("/")]
        assert [page.status_code for page in pages] == [200, 200, 200]
        assert listed.title in text_of(pages[1])
    finally:
        with down.app_context():
            db.engine.dispose()


def test_the_home_page_and_proposals_are_kept_too(workers, listed):
    worker = workers[0]
    for path in ("/", "/proposals"):
        first = worker.test_client().get(path)
        seen = statements_of(worker)
        assert worker.test_client().get(path).data == first.data
        assert seen == [], path


def test_no_seconds_means_no_cache(app, redis_key, listed):
    worker = create_app({**{name: app.config[name] for name in (
        "SQLALCHEMY_DATABASE_URI", "SERVER_NAME")}, "ENV_NAME": "testing",
        "PAGE_CACHE_URL": REDIS_URL, "PAGE_CACHE_KEY": redis_key, "PAGE_CACHE_SECONDS": 0})
    try:
        worker.test_client().get("/ideas?sort=newest")
        seen = statements_of(worker)
        worker.test_client().get("/ideas?sort=newest")
        assert seen
    finally:
        with worker.app_context():
            db.engine.dispose()


def test_the_same_names_in_another_order_are_another_page(workers, factory):
    area = factory.area()
    factory.idea(area=area, title="Promoted one", status="promoted")
    factory.idea(area=area, title="Published one")
    worker = workers[0]
    first = worker.test_client().get("/ideas?sort=newest&status=promoted&status=published")
    second = worker.test_client().get("/ideas?sort=newest&status=published&status=promoted")
    assert "Promoted one" in text_of(first) and "Published one" not in text_of(first)
    assert "Published one" in text_of(second) and "Promoted one" not in text_of(second)


def test_a_lost_generation_never_brings_old_pages_back(workers, factory, redis_key):
    import redis
    worker = workers[0]
    listed = factory.idea(title="Counted before Redis restarted")
    assert supports_shown(worker.test_client().get("/ideas?sort=newest"), listed.title) == 0
    # Redis restarts empty, and a support was written meanwhile by a process
    # that could not reach it.
    redis.Redis.from_url(REDIS_URL).delete(redis_key)
    factory.support(listed, factory.user())
    assert supports_shown(worker.test_client().get("/ideas?sort=newest"), listed.title) == 1


def test_a_hung_redis_is_asked_once_then_left_alone(app, listed, caplog):
    import socket
    # Accepts connections (the kernel's backlog) and never answers.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    port = silent.getsockname()[1]
    hung = cached_app(app, "unused", url=f"redis://127.0.0.1:{port}/0")
    try:
        client = hung.test_client()
        pages = [client.get("/ideas?sort=newest") for _ in range(5)]
        assert [page.status_code for page in pages] == [200] * 5
        assert listed.title in text_of(pages[-1])
        warnings = [r for r in caplog.records if "Redis is not answering" in r.getMessage()]
        assert len(warnings) == 1
    finally:
        silent.close()
        with hung.app_context():
            db.engine.dispose()


def test_a_redis_address_it_cannot_use_leaves_the_cache_off(app, listed):
    odd = cached_app(app, "unused", url="redis+sentinel://127.0.0.1:26379/mymaster")
    try:
        assert listed.title in text_of(odd.test_client().get("/ideas?sort=newest"))
    finally:
        with odd.app_context():
            db.engine.dispose()


def test_a_write_after_the_generation_was_lost_does_not_restart_it_from_one(workers, factory, redis_key):
    import redis
    connection = redis.Redis.from_url(REDIS_URL)
    one, other = workers
    visitor = one.test_client()
    listed = factory.idea(title="Counted twice over")
    visitor.get("/ideas?sort=newest")
    connection.delete(redis_key)
    supporter = other.test_client()
    sign_in(supporter, factory.user())
    token = csrf_token(supporter, f"/ideas/{listed.id}")
    supporter.post(f"/ideas/{listed.id}/support", data={"csrf_token": token})
    assert int(connection.get(redis_key)) > 1_000_000
    assert supports_shown(visitor.get("/ideas?sort=newest"), listed.title) == 1


# Signed-in people: a list's title and content are kept (pagecache.for_signed_in),
# the frame around them is each person's own.

def signed_in(worker, user):
    client = worker.test_client()
    sign_in(client, user)
    return client


def test_a_signed_in_list_is_kept_for_everyone_and_shows_each_write_at_once(workers, factory, listed):
    one, other = workers
    rosa = signed_in(one, factory.user(name="Rosa Parkside"))
    ivan = signed_in(one, factory.user(name="Ivan Elm"))
    assert supports_shown(rosa.get("/ideas?sort=newest"), listed.title) == 0
    seen = statements_of(one)
    theirs = ivan.get("/ideas?sort=newest")
    assert theirs.status_code == 200 and "no-store" in theirs.headers["Cache-Control"]
    assert "Signed in as Ivan Elm" in text_of(theirs) and "Rosa" not in text_of(theirs)
    assert supports_shown(theirs, listed.title) == 0
    assert "<title>Ideas · Codesign</title>" in text_of(theirs)
    # The person, the brand and their unread count; not the list again.
    assert len([s for s in seen if s != "BEGIN"]) == 3, seen

    supporter = signed_in(other, factory.user())
    token = csrf_token(supporter, f"/ideas/{listed.id}")
    assert supporter.post(f"/ideas/{listed.id}/support", data={"csrf_token": token}).status_code == 302
    assert supports_shown(rosa.get("/ideas?sort=newest"), listed.title) == 1
    assert supports_shown(ivan.get("/ideas?sort=newest"), listed.title) == 1
    assert listed.title in text_of(signed_in(other, factory.user()).get("/ideas?sort=newest"))


def test_a_kept_list_carries_each_person_s_own_form_token(workers, factory, listed):
    worker = workers[0]
    rosa = signed_in(worker, factory.user(name="Rosa Parkside"))
    ivan = signed_in(worker, factory.user(name="Ivan Elm"))
    rosa.get("/ideas?sort=newest")
    tokens = [csrf_token(client, "/ideas?sort=newest") for client in (rosa, ivan)]
    assert tokens[0] != tokens[1]
    assert ivan.post("/auth/logout", data={"csrf_token": tokens[1]}).status_code == 302
    assert "Signed in as" not in text_of(ivan.get("/ideas?sort=newest"))
    assert "Signed in as Rosa Parkside" in text_of(rosa.get("/ideas?sort=newest"))


def test_a_waiting_message_is_shown_with_a_kept_list(workers, factory, listed):
    worker = workers[0]
    rosa = signed_in(worker, factory.user(name="Rosa Parkside"))
    rosa.get("/ideas?sort=newest")
    with rosa.session_transaction() as session:
        session["_flashes"] = [("success", "Your idea is published.")]
    html = text_of(rosa.get("/ideas?sort=newest"))
    assert "Your idea is published." in html and listed.title in html
    assert "Your idea is published." not in text_of(rosa.get("/ideas?sort=newest"))


def test_staff_and_residents_each_get_their_own_kept_proposals_and_search(workers, factory):
    from test_api_proposals import make_proposal
    area = factory.area()
    staff_user = factory.user(role="staff")
    make_proposal(workers[0], staff_user, area, title="Library hours, open", status="open_for_feedback")
    make_proposal(workers[0], staff_user, area, title="Library hours, draft", status="draft")
    worker = workers[0]
    for first, second in ((staff_user, factory.user()), (factory.user(), staff_user)):
        for path in ("/proposals", "/search?q=library"):
            shown = {}
            for person in (first, second):
                shown[person.role] = text_of(signed_in(worker, person).get(path))
            assert "Library hours, draft" in shown["staff"], path
            assert "Library hours, draft" not in shown["resident"], path
            assert "Library hours, open" in shown["resident"], path
        # Start again from nothing kept.
        with worker.app_context():
            worker.extensions["codesign_pagecache"].pages.clear()


def test_each_person_keeps_their_own_random_order_signed_in(workers, factory):
    area = factory.area()
    for n in range(30):
        factory.idea(area=area, title=f"Shuffled idea {n:02d}")
    worker = workers[0]
    orders = {}
    for seed in (11, 12_345_678):
        person = signed_in(worker, factory.user())
        with person.session_transaction() as session:
            session["shuffle"] = seed
        orders[seed] = re.findall(r"Shuffled idea \d\d", text_of(person.get("/ideas")))
        assert re.findall(r"Shuffled idea \d\d", text_of(person.get("/ideas"))) == orders[seed]
    assert orders[11] != orders[12_345_678]


def test_notifications_are_never_kept(workers, factory):
    worker = workers[0]
    rosa = signed_in(worker, factory.user(name="Rosa Parkside"))
    rosa.get("/notifications")
    seen = statements_of(worker)
    rosa.get("/notifications")
    assert len([s for s in seen if s != "BEGIN"]) > 3
