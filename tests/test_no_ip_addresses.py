"""No IP addresses (issue 12): the database has no column for one and,
after people register, sign in and take part, no row holds one. The rate
limiter counts per address in Redis, and every counter there expires."""
import re
import uuid

from helpers import PASSWORD, REDIS_URL, Browser, count, csrf_token, redis_or_skip
from sqlalchemy import inspect, text
from test_limits import limited, try_login, visitor

from codesign.extensions import db
from codesign.models import Comment, Support

ADDRESSES = ("127.0.0.1", "203.0.113.77", "2001:db8::77")
# Column names that would hold an address: ip, ip_address, remote_addr, client_ip...
ADDRESS_NAME = re.compile(r"(^|_)(ip|ips|ipv4|ipv6|ip_address|remote|addr|forwarded)($|_)")


def test_no_column_is_named_for_an_ip_address(app):
    with app.app_context():
        inspector = inspect(db.engine)
        columns = [(table, column["name"]) for table in inspector.get_table_names()
                   for column in inspector.get_columns(table)]
    assert columns
    assert [pair for pair in columns if ADDRESS_NAME.search(pair[1].lower())] == []


def _every_value(app):
    with app.app_context():
        with db.engine.connect() as conn:
            for name in inspect(conn).get_table_names():
                for row in conn.execute(text(f'SELECT * FROM "{name}"')):
                    for value in row:
                        if value is not None:
                            yield name, str(value)


def test_no_row_holds_an_ip_address_after_people_take_part(app, factory, idea):
    person = factory.user(name="Petra Person", email="petra@example.org")
    for address in ADDRESSES:
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        headers = {"X-Forwarded-For": address}
        client.post("/auth/register", headers=headers, data={
            "email": f"new{len(address)}@example.org", "display_name": f"New {len(address)}",
            "password": PASSWORD, "confirm": PASSWORD,
            "csrf_token": csrf_token(client, "/auth/register")})
        signed_in = client.post("/auth/login", headers=headers, data={
            "email": "petra@example.org", "password": PASSWORD,
            "csrf_token": csrf_token(client, "/auth/login")})
        assert signed_in.status_code == 302
        browser = Browser(client)
        browser.post(f"/ideas/{idea.id}/support", headers=headers)
        browser.post(f"/ideas/{idea.id}/comments", headers=headers, data={"body": "Yes please"})
        browser.post(f"/ideas/{idea.id}/report", headers=headers,
                     data={"reason": "spam", "note": ""})
        browser.post("/auth/logout", headers=headers)
    # The visits did what they say: Petra commented once from each address.
    assert count(app, Comment, author_id=person.id) == len(ADDRESSES)
    assert count(app, Support, user_id=person.id) == 1
    found = [(table, address) for table, value in _every_value(app)
             for address in ADDRESSES if address in value]
    assert found == []


def test_the_rate_limit_counters_in_redis_expire(app):
    connection = redis_or_skip()
    prefix = f"codesign-test-{uuid.uuid4().hex}"
    limits_app = limited(app, RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix)
    try:
        for n in range(3):
            try_login(visitor(limits_app, "203.0.113.78"), f"p{n}@example.org")
        keys = list(connection.scan_iter(match=f"*{prefix}*"))
        assert keys
        # -1 would be a key kept for ever; each counter lasts its window at most.
        assert all(0 < connection.ttl(key) <= 3600 for key in keys), [
            (key, connection.ttl(key)) for key in keys]
    finally:
        for key in connection.scan_iter(match=f"*{prefix}*"):
            connection.delete(key)
        with limits_app.app_context():
            db.engine.dispose()
