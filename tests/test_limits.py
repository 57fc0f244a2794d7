"""Rate limits: too many attempts get a friendly 429 with Retry-After, per
address, per account or per person as each action needs; a forged
X-Forwarded-For does not reset them; Redis shares them between processes.

Limits are off in the testing config, so these tests build apps of their own
with limits on (small ones), over the session's database.
"""
import uuid

import pytest
from helpers import PASSWORD, REDIS_URL, BufferedClient, csrf_token, redis_or_skip, sign_in
from sqlalchemy import func, select

from codesign import create_app
from codesign.extensions import db
from codesign.limits import LIMITS, limited_endpoints, limiter_for
from codesign.models import Comment, Idea, Report, Support, User

SMALL = {
    "RATELIMIT_LOGIN_IP": "4/hour",
    "RATELIMIT_LOGIN_ACCOUNT": "3/hour",
    "RATELIMIT_REGISTER": "2/hour",
    "RATELIMIT_RESET": "3/hour",
    "RATELIMIT_RESET_ACCOUNT": "2/hour",
    "RATELIMIT_RESEND": "2/hour",
    "RATELIMIT_IDEAS": "2/hour",
    "RATELIMIT_COMMENTS": "2/hour",
    "RATELIMIT_SUPPORTS": "3/hour",
    "RATELIMIT_REPORTS": "2/hour",
}


def limited(app, **settings):
    """An app like the session's, on the same database, with limits on."""
    config = {
        key: app.config[key] for key in (
            "SQLALCHEMY_DATABASE_URI", "SERVER_NAME", "MAIL_SERVER", "MAIL_PORT",
            "MAIL_DEFAULT_SENDER")
    }
    config.update(ENV_NAME="testing", RATELIMIT_ENABLED=True,
                  RATELIMIT_STORAGE_URI="memory://", **SMALL)
    config.update(settings)
    new = create_app(config)
    new.test_client_class = BufferedClient
    return new


@pytest.fixture(scope="module")
def shared_limited_app(app):
    new = limited(app)
    yield new
    with new.app_context():
        db.engine.dispose()


@pytest.fixture
def lapp(shared_limited_app):
    limiter_for(shared_limited_app).reset()
    return shared_limited_app


def visitor(app, ip="192.0.2.1"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def try_login(client, email, password="not the password", headers=None):
    token = csrf_token(client, "/auth/login")
    return client.post("/auth/login", data={"csrf_token": token, "email": email,
                                            "password": password}, headers=headers)


def assert_friendly_429(response):
    assert response.status_code == 429
    assert response.mimetype == "text/html"
    assert int(response.headers["Retry-After"]) > 0
    page = response.get_data(as_text=True)
    assert "Too many requests" in page
    assert "You can try again in about" in page
    assert "Content-Security-Policy" in response.headers


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


# Which views are limited -------------------------------------------------------

def test_limits_are_off_in_the_testing_config(app, client, factory):
    assert limited_endpoints(app) == frozenset()
    user = factory.user()
    for _ in range(8):
        assert try_login(client, user.email).status_code == 422


def test_every_listed_view_that_exists_is_limited(lapp):
    present = {endpoint for endpoint in LIMITS if endpoint in lapp.view_functions}
    assert {"auth.login", "auth.register", "auth.reset", "auth.resend", "ideas.new",
            "ideas.support", "ideas.unsupport", "ideas.add_comment"} <= present
    assert limited_endpoints(lapp) == present


def test_a_limit_on_an_endpoint_that_does_not_exist_stops_the_app(app, monkeypatch):
    """A route renamed without its limit would otherwise go unlimited unseen."""
    monkeypatch.setitem(LIMITS, "ideas.no_such_view", LIMITS["ideas.support"])
    with pytest.raises(RuntimeError, match="ideas.no_such_view"):
        limited(app)
    with pytest.raises(RuntimeError, match="ideas.no_such_view"):
        limited(app, RATELIMIT_ENABLED=False)


def test_every_report_and_comment_form_is_limited(lapp):
    """A report or comment route added under a name the table does not know
    fails here, rather than going unlimited."""
    posting = {
        rule.endpoint for rule in lapp.url_map.iter_rules()
        if "POST" in rule.methods
        and (rule.rule.endswith("/report") or rule.rule.endswith("/comments"))
    }
    assert "ideas.add_comment" in posting
    assert posting <= limited_endpoints(lapp)


# Signing in ------------------------------------------------------------------

def test_sign_in_attempts_are_limited_per_address(lapp, factory):
    attacker, neighbour = visitor(lapp, "192.0.2.10"), visitor(lapp, "192.0.2.11")
    for n in range(4):  # a different account each time: the address is what counts
        assert try_login(attacker, f"guess{n}@example.org").status_code == 422
    assert_friendly_429(try_login(attacker, "guess9@example.org"))
    # Even the right password waits: the limit is on attempts, not failures.
    user = factory.user()
    assert try_login(attacker, user.email, PASSWORD).status_code == 429
    assert try_login(neighbour, user.email, PASSWORD).status_code == 302
    # The sign-in page itself still shows.
    assert attacker.get("/auth/login").status_code == 200


def test_sign_in_attempts_are_limited_per_account_from_any_address(lapp, factory):
    user = factory.user(email="target@example.org")
    spellings = ["target@example.org", " TARGET@example.org", "Target@Example.org "]
    for n, spelling in enumerate(spellings):
        assert try_login(visitor(lapp, f"198.51.100.{n}"), spelling).status_code == 422
    assert_friendly_429(try_login(visitor(lapp, "198.51.100.99"), user.email, PASSWORD))
    # Other accounts are untouched.
    other = factory.user()
    assert try_login(visitor(lapp, "198.51.100.99"), other.email, PASSWORD).status_code == 302


def test_account_limit_looks_the_same_for_unknown_addresses(lapp, factory):
    factory.user(email="real@example.org")
    answers = {}
    for email in ("real@example.org", "ghost@example.org"):
        codes = [try_login(visitor(lapp, f"203.0.113.{n}"), email).status_code for n in range(4)]
        answers[email] = codes
    assert answers["real@example.org"] == answers["ghost@example.org"] == [422, 422, 422, 429]


def test_a_forged_forwarded_for_header_does_not_reset_the_limit(lapp):
    client = visitor(lapp, "192.0.2.20")
    codes = [try_login(client, f"x{n}@example.org",
                       headers={"X-Forwarded-For": f"10.9.8.{n}"}).status_code
             for n in range(6)]
    assert codes == [422] * 4 + [429] * 2


def test_behind_one_proxy_the_limit_follows_the_client_not_the_proxy(app):
    proxied = limited(app, BEHIND_PROXY=1)
    proxy = "10.0.0.2"

    def attempt(client_ip, forged):
        # The client sent its own X-Forwarded-For; the proxy appended the real address.
        client = visitor(proxied, proxy)
        return try_login(client, f"{forged}@example.org",
                         headers={"X-Forwarded-For": f"{forged}, {client_ip}"}).status_code

    assert [attempt("203.0.113.50", f"1.2.3.{n}") for n in range(6)] == [422] * 4 + [429] * 2
    # Another client behind the same proxy has an allowance of its own.
    assert attempt("203.0.113.51", "1.2.3.4") == 422
    with proxied.app_context():
        db.engine.dispose()


# Mail-sending forms ------------------------------------------------------------

def register(client, n, **changes):
    data = {"csrf_token": csrf_token(client, "/auth/register"), "email": f"new{n}@example.org",
            "display_name": f"New {n}", "password": PASSWORD, "confirm": PASSWORD}
    data.update(changes)
    return client.post("/auth/register", data=data)


def test_registration_counts_only_forms_that_went_through(lapp):
    client = visitor(lapp, "192.0.2.30")
    for n in range(3):  # mistakes cost nothing
        assert register(client, n, confirm="something else").status_code == 422
    assert register(client, 1).status_code == 302
    assert register(client, 2).status_code == 302
    assert_friendly_429(register(client, 3))
    assert count(lapp, User) == 2
    assert register(visitor(lapp, "192.0.2.31"), 4).status_code == 302


def request_reset(client, email):
    return client.post("/auth/reset", data={"csrf_token": csrf_token(client, "/auth/reset"),
                                            "email": email})


def test_reset_requests_are_limited_per_address_and_per_account(lapp, factory, smtp_sink):
    user = factory.user(email="forgetful@example.org")
    codes = [request_reset(visitor(lapp, f"198.51.100.{n}"), "Forgetful@example.org").status_code
             for n in range(3)]
    assert codes == [302, 302, 429]  # no inbox gets more than two from anyone
    smtp_sink.wait_for(2)
    assert len(smtp_sink.messages) == 2 and all(user.email in m for m in smtp_sink.messages)

    one_machine = visitor(lapp, "192.0.2.40")
    codes = [request_reset(one_machine, f"person{n}@example.org").status_code for n in range(4)]
    assert codes == [302, 302, 302, 429]


def test_resending_the_confirmation_is_limited_per_person(lapp, factory):
    user = factory.user(confirmed=False)
    client = visitor(lapp)
    sign_in(client, user)
    token = csrf_token(client, "/")
    codes = [client.post("/auth/resend", data={"csrf_token": token}).status_code
             for _ in range(3)]
    assert codes == [302, 302, 429]


# Posting -----------------------------------------------------------------------

def new_idea(client, area, title):
    return client.post("/ideas/new", data={
        "csrf_token": csrf_token(client, "/ideas/new"), "title": title,
        "description": "Described", "service_area": str(area.id), "challenge": "", "place": "",
    })


def test_new_ideas_are_limited_per_person_and_the_form_still_shows(lapp, factory):
    area = factory.area()
    author, other = factory.user(), factory.user()
    client = visitor(lapp)
    sign_in(client, author)
    assert new_idea(client, area, "").status_code == 422  # a mistake costs nothing
    assert new_idea(client, area, "First").status_code == 302
    assert new_idea(client, area, "Second").status_code == 302
    assert_friendly_429(new_idea(client, area, "Third"))
    assert client.get("/ideas/new").status_code == 200
    assert count(lapp, Idea, Idea.author_id == author.id) == 2

    # Someone else on the same network is not held back by it.
    neighbour = visitor(lapp)
    sign_in(neighbour, other)
    assert new_idea(neighbour, area, "Theirs").status_code == 302


def test_supporting_and_taking_back_share_one_allowance(lapp, factory):
    ideas = [factory.idea(), factory.idea()]
    user = factory.user()
    client = visitor(lapp)
    sign_in(client, user)
    token = csrf_token(client)
    steps = [(ideas[0], "support"), (ideas[0], "unsupport"), (ideas[1], "support"),
             (ideas[1], "unsupport")]
    codes = [client.post(f"/ideas/{idea.id}/{action}", data={"csrf_token": token}).status_code
             for idea, action in steps]
    assert codes == [302, 302, 302, 429]
    assert count(lapp, Support, Support.user_id == user.id) == 1
    for idea in ideas:
        stored = factory.get(Idea, idea.id)
        assert stored.support_count == count(lapp, Support, Support.idea_id == idea.id)


def test_a_support_asks_the_limit_store_once_to_check_and_once_to_count(lapp, factory,
                                                                       monkeypatch):
    # The busiest write on the site: no reading the window back for headers.
    strategy = limiter_for(lapp).limiter
    calls = []
    for name in ("test", "hit", "get_window_stats"):
        original = getattr(strategy, name)
        monkeypatch.setattr(strategy, name, lambda *a, _o=original, _n=name, **k:
                            calls.append(_n) or _o(*a, **k))
    idea = factory.idea()
    client = visitor(lapp)
    sign_in(client, factory.user())
    token = csrf_token(client)
    calls.clear()
    response = client.post(f"/ideas/{idea.id}/support", data={"csrf_token": token},
                           headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.get_json()["support_count"] == 1
    assert calls == ["test", "hit"]
    assert not [header for header in response.headers.keys() if "ratelimit" in header.lower()]
    assert "Retry-After" not in response.headers


def test_a_refused_support_says_when_to_try_again_in_json_too(lapp, factory):
    idea = factory.idea()
    client = visitor(lapp)
    sign_in(client, factory.user())
    token = csrf_token(client)
    codes = [client.post(f"/ideas/{idea.id}/{action}", data={"csrf_token": token},
                         headers={"Accept": "application/json"}).status_code
             for action in ("support", "unsupport", "support")]
    assert codes == [200, 200, 200]
    refused = client.post(f"/ideas/{idea.id}/unsupport", data={"csrf_token": token},
                          headers={"Accept": "application/json"})
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert factory.get(Idea, idea.id).support_count == 1


def test_the_older_addresses_share_the_supports_allowance(lapp, factory):
    idea = factory.idea()
    client = visitor(lapp)
    sign_in(client, factory.user())
    token = csrf_token(client)
    steps = ["vote", "unsupport", "support", "unvote"]
    codes = [client.post(f"/ideas/{idea.id}/{action}", data={"csrf_token": token}).status_code
             for action in steps]
    assert codes == [302, 302, 302, 429]
    assert factory.get(Idea, idea.id).support_count == 1


def test_comments_are_limited_per_person(lapp, factory):
    idea = factory.idea()
    user = factory.user()
    client = visitor(lapp)
    sign_in(client, user)
    token = csrf_token(client, f"/ideas/{idea.id}")

    def comment(body):
        return client.post(f"/ideas/{idea.id}/comments", data={"csrf_token": token, "body": body})

    assert comment("").status_code == 422
    assert [comment("One").status_code, comment("Two").status_code] == [302, 302]
    assert_friendly_429(comment("Three"))
    assert count(lapp, Comment, Comment.idea_id == idea.id) == 2
    assert factory.get(Idea, idea.id).comment_count == 2


def test_reports_of_any_kind_share_one_allowance(lapp, factory):
    if not {"moderation.report_idea", "moderation.report_user"} <= set(lapp.view_functions):
        pytest.skip("the moderation area is not built yet")
    reporter = factory.user()
    ideas = [factory.idea(), factory.idea()]
    client = visitor(lapp)
    sign_in(client, reporter)
    token = csrf_token(client)
    paths = [f"/ideas/{ideas[0].id}/report", f"/users/{ideas[1].author_id}/report",
             f"/ideas/{ideas[1].id}/report"]
    codes = [client.post(path, data={"csrf_token": token, "reason": "spam", "note": ""}).status_code
             for path in paths]
    assert codes == [302, 302, 429]
    assert count(lapp, Report, Report.reporter_id == reporter.id) == 2


def test_limits_read_their_settings_at_request_time(lapp, factory, monkeypatch):
    monkeypatch.setitem(lapp.config, "RATELIMIT_LOGIN_IP", "1/hour")
    client = visitor(lapp, "192.0.2.60")
    assert [try_login(client, f"a{n}@example.org").status_code for n in range(2)] == [422, 429]


# The answer ----------------------------------------------------------------------

def test_the_api_answers_a_429_in_json(app):
    probe_app = limited(app)
    limiter = limiter_for(probe_app)
    probe_app.add_url_rule("/api/v1/probe", "probe",
                           limiter.limit("1/hour")(lambda: {"ok": True}))
    client = visitor(probe_app)
    assert client.get("/api/v1/probe").status_code == 200
    response = client.get("/api/v1/probe")
    assert response.status_code == 429 and response.is_json
    assert response.get_json()["error"]["code"] == 429
    assert int(response.headers["Retry-After"]) > 0
    with probe_app.app_context():
        db.engine.dispose()


def test_the_site_keeps_working_when_the_limit_store_is_down(app, factory):
    # Nothing listens on port 1: every call to the store fails at once.
    down = limited(app, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")
    user = factory.user()
    client = visitor(down)
    codes = [try_login(client, user.email).status_code for _ in range(5)]
    # Limited per process in the meantime, never a 500.
    assert codes == [422] * 3 + [429] * 2
    with down.app_context():
        db.engine.dispose()


# Several processes ---------------------------------------------------------------

def test_two_app_processes_share_one_limit_through_redis(app):
    connection = redis_or_skip()
    prefix = f"codesign-test-{uuid.uuid4().hex}"
    settings = dict(RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix)
    first, second = limited(app, **settings), limited(app, **settings)
    try:
        servers = (first, second, first, second, first)
        codes = [try_login(visitor(server, "192.0.2.70"), f"p{n}@example.org").status_code
                 for n, server in enumerate(servers)]
        assert codes == [422, 422, 422, 422, 429]  # 4 an hour from one address, all told
        assert any(connection.scan_iter(match=f"*{prefix}*"))
    finally:
        for key in connection.scan_iter(match=f"*{prefix}*"):
            connection.delete(key)
        for server in (first, second):
            with server.app_context():
                db.engine.dispose()


# The same limits, tried with a JSON body ------------------------------------------
# The forms read form encoding only: a JSON body is refused before anything
# else looks at it (415), whether the form's limit is spent or not, and it
# neither acts nor uses up anyone's allowance. Each case below is one of the
# limit tests above, and the table must name every limited view they test.

def signed_in_visitor(lapp, user):
    client = visitor(lapp)
    sign_in(client, user)
    return client


def _login_case(lapp, factory, smtp_sink):
    user = factory.user(email="json-target@example.org")
    client = visitor(lapp, "198.51.100.200")

    def attempt(n, right=False):
        return "/auth/login", {"email": " JSON-Target@example.org", "password":
                               PASSWORD if right else "not the password"}

    def effect():
        return "Signed in as" in client.get("/").get_data(as_text=True)
    # Three wrong passwords spend the account's allowance; JSON with the right
    # one must neither sign in nor count.
    return client, "/auth/login", attempt, 3, effect, user


def _register_case(lapp, factory, smtp_sink):
    client = visitor(lapp, "192.0.2.130")

    def attempt(n, right=False):
        return "/auth/register", {"email": f"json{n}@example.org", "display_name": f"Json {n}",
                                  "password": PASSWORD, "confirm": PASSWORD}
    return client, "/auth/register", attempt, 2, lambda: count(lapp, User), None


def _reset_case(lapp, factory, smtp_sink):
    factory.user(email="json-forgetful@example.org")
    client = visitor(lapp, "192.0.2.140")

    def attempt(n, right=False):
        return "/auth/reset", {"email": "json-forgetful@example.org"}

    def effect():
        smtp_sink.wait_for(len(smtp_sink.messages) + 1, timeout=0.3)
        return len(smtp_sink.messages)
    return client, "/auth/reset", attempt, 2, effect, None


def _resend_case(lapp, factory, smtp_sink):
    client = signed_in_visitor(lapp, factory.user(confirmed=False))

    def effect():
        smtp_sink.wait_for(len(smtp_sink.messages) + 1, timeout=0.3)
        return len(smtp_sink.messages)
    return client, "/", lambda n, right=False: ("/auth/resend", {}), 2, effect, None


def _ideas_case(lapp, factory, smtp_sink):
    area, author = factory.area(), factory.user()
    client = signed_in_visitor(lapp, author)

    def attempt(n, right=False):
        return "/ideas/new", {"title": f"Json idea {n}", "description": "Described",
                              "service_area": str(area.id), "challenge": "", "place": ""}
    return client, "/ideas/new", attempt, 2, lambda: count(lapp, Idea), None


def _supports_case(lapp, factory, smtp_sink):
    ideas = [factory.idea() for _ in range(4)]
    client = signed_in_visitor(lapp, factory.user())
    return (client, "/ideas", lambda n, right=False: (f"/ideas/{ideas[n % 4].id}/vote", {}), 3,
            lambda: count(lapp, Support), None)


def _comments_case(lapp, factory, smtp_sink):
    idea = factory.idea()
    client = signed_in_visitor(lapp, factory.user())
    return (client, f"/ideas/{idea.id}",
            lambda n, right=False: (f"/ideas/{idea.id}/comments", {"body": f"Json {n}"}), 2,
            lambda: count(lapp, Comment), None)


def _reports_case(lapp, factory, smtp_sink):
    ideas = [factory.idea() for _ in range(4)]
    client = signed_in_visitor(lapp, factory.user())
    paths = [f"/ideas/{ideas[0].id}/report", f"/users/{ideas[1].author_id}/report",
             f"/ideas/{ideas[2].id}/report", f"/users/{ideas[3].author_id}/report"]
    return (client, "/ideas",
            lambda n, right=False: (paths[n % 4], {"reason": "spam", "note": ""}), 2,
            lambda: count(lapp, Report), None)


JSON_CASES = {
    "auth.login": _login_case, "auth.register": _register_case, "auth.reset": _reset_case,
    "auth.resend": _resend_case, "ideas.new": _ideas_case, "ideas.support": _supports_case,
    "ideas.add_comment": _comments_case, "moderation.report_idea": _reports_case,
}


def test_the_json_table_covers_every_view_the_limit_tests_cover():
    tested = {"auth.login", "auth.register", "auth.reset", "auth.resend", "ideas.new",
              "ideas.support", "ideas.add_comment", "moderation.report_idea"}
    assert tested <= set(JSON_CASES) <= set(LIMITS)


def post_json(client, path, data, token):
    return client.post(path, json={**data, "csrf_token": token}, headers={"X-CSRFToken": token})


@pytest.mark.parametrize("endpoint", sorted(JSON_CASES))
def test_a_json_body_neither_acts_nor_steps_round_the_limit(lapp, factory, smtp_sink, endpoint):
    client, page, attempt, allowance, effect, _user = JSON_CASES[endpoint](lapp, factory,
                                                                          smtp_sink)
    token = csrf_token(client, page)
    before = effect()
    for n in range(allowance + 2):  # more JSON than the allowance: none of it counts
        path, data = attempt(100 + n, right=True)
        refused = post_json(client, path, data, token)
        assert refused.status_code == 415, refused.status_code
        assert "Not a form" in refused.get_data(as_text=True)
    assert effect() == before

    codes = []
    for n in range(allowance + 1):
        path, data = attempt(n)
        codes.append(client.post(path, data={**data, "csrf_token": token}).status_code)
    assert codes[-1] == 429 and 429 not in codes[:-1], codes
    spent = effect()

    # With the form's allowance spent, JSON (even with the right password) gets nowhere.
    path, data = attempt(200, right=True)
    assert post_json(client, path, data, token).status_code == 415
    assert effect() == spent


def test_every_spelling_of_one_mailbox_shares_the_account_limit(lapp, factory):
    user = factory.user(email="jo.bennett@gmail.com")
    spellings = ["jobennett+a@gmail.com", "Jo.Ben.nett@googlemail.com", "jobennett@gmail.com"]
    for n, spelling in enumerate(spellings):
        assert try_login(visitor(lapp, f"203.0.113.{100 + n}"), spelling).status_code == 422
    assert_friendly_429(try_login(visitor(lapp, "203.0.113.199"), user.email, PASSWORD))


def test_reference_lookups_are_limited_per_address_together(app):
    """/track and /track/<reference> share one allowance: nobody walks through numbers."""
    new = limited(app, RATELIMIT_TRACK="3/hour")
    try:
        client = new.test_client()
        answers = [client.get("/track/AAAA-AAAA-AAAA").status_code,
                   client.get("/track?reference=ZZZZ").status_code,
                   client.get("/track/CCCC-CCCC-CCCC").status_code,
                   client.get("/track").status_code]
        assert answers == [404, 422, 404, 429]
    finally:
        with new.app_context():
            db.engine.dispose()
