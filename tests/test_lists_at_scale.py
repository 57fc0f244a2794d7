"""Lists at Madrid scale, where the pages take shortcuts that must not show.

Trending on a busy site: each process ranks every idea at most every few
minutes instead of adding up a fortnight of supports on every request. The
order must be the one the exact ranking gives, filters and pages included,
and an idea hidden since the ranking was built must not be shown.
(The random order's pages and the estimated totals: test_shuffle_and_counts.py.)"""
import re
from datetime import timedelta

import pytest
from sqlalchemy import insert

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.ideas import trending
from codesign.models import Comment, Idea, Support, User


def ids_on(response):
    assert response.status_code == 200
    return [int(n) for n in re.findall(r'id="idea-(\d+)-title"', response.get_data(as_text=True))]


@pytest.fixture
def ranked(app, monkeypatch):
    """Rank with the process's ranking however quiet the fortnight is."""
    def use(on=True):
        with app.app_context():
            trending.forget()
        monkeypatch.setitem(app.config, "TRENDING_RANKING_FROM", 1 if on else 10**9)
    yield use
    with app.app_context():
        trending.forget()


@pytest.fixture
def busy(app, factory):
    """45 ideas in two areas, supported and discussed at different ages."""
    parks, roads = factory.area("Parks"), factory.area("Roads")
    challenge = factory.challenge(area=parks)
    author = factory.user()
    now = utcnow()
    with app.app_context():
        db.session.execute(insert(User), [
            {"email": f"p{n}@crowd.test", "display_name": f"P{n}", "password_hash": "x",
             "session_token": f"p{n}"} for n in range(12)])
        people = db.session.scalars(db.select(User.id).where(User.email.like("p%@crowd.test"))).all()
        ideas = [Idea(title=f"Idea {n}", description="Text", author_id=author.id,
                      service_area_id=(parks if n % 2 else roads).id,
                      challenge_id=challenge.id if n % 3 == 0 else None,
                      status="under_review" if n % 4 == 0 else "published",
                      created_at=now - timedelta(hours=n), updated_at=now)
                 for n in range(45)]
        db.session.add_all(ideas)
        db.session.flush()
        supports = []
        for n, idea in enumerate(ideas[:30]):
            backers = people[:(n * 7) % 12 + 1]
            supports += [{"user_id": person, "idea_id": idea.id,
                       "created_at": now - timedelta(days=(n * 5) % 20)} for person in backers]
            idea.support_count = len(backers)
        db.session.execute(insert(Support), supports)
        db.session.add(Comment(idea_id=ideas[40].id, author_id=author.id, body="Yes",
                               created_at=now))
        ideas[40].comment_count = 1
        db.session.commit()
        return {"ids": [idea.id for idea in ideas], "parks": parks.id, "challenge": challenge.id}


def every_page(client, query):
    return [ids_on(client.get(f"/ideas?sort=trending&{query}&page={n}")) for n in (1, 2, 3)]


@pytest.mark.parametrize("query", ["", "area={parks}", "challenge={challenge}",
                                   "status=under_review", "area={parks}&status=published"])
def test_the_ranking_gives_the_exact_order(client, busy, ranked, query):
    query = query.format(**busy)
    ranked(False)
    exact = every_page(client, query)
    ranked(True)
    assert every_page(client, query) == exact
    assert any(exact)


def test_the_home_page_and_the_api_use_the_same_order(client, busy, ranked):
    ranked(False)
    exact = ids_on(client.get("/ideas?sort=trending"))
    ranked(True)
    api = client.get("/api/v1/ideas?sort=trending").get_json()
    assert [item["id"] for item in api["items"]] == exact
    home = ids_on(client.get("/"))
    assert home and home == exact[:len(home)]


def test_an_idea_hidden_after_the_ranking_was_built_is_not_shown(app, client, busy, ranked):
    ranked(True)
    first = ids_on(client.get("/ideas?sort=trending"))
    with app.app_context():
        db.session.get(Idea, first[0]).hidden_at = utcnow()
        db.session.commit()
    shown = ids_on(client.get("/ideas?sort=trending"))
    assert first[0] not in shown and shown[0] == first[1]


def test_new_supports_count_once_the_ranking_is_rebuilt(app, client, busy, ranked, monkeypatch):
    ranked(True)
    last = ids_on(client.get("/ideas?sort=trending&page=3"))[-1]
    with app.app_context():
        people = db.session.scalars(db.select(User.id).where(User.email.like("p%@crowd.test")))
        db.session.execute(insert(Support), [{"user_id": person, "idea_id": last,
                                           "created_at": utcnow()} for person in people])
        db.session.commit()
    assert ids_on(client.get("/ideas?sort=trending"))[0] != last  # within the refresh time
    monkeypatch.setitem(app.config, "TRENDING_REFRESH_SECONDS", 0)
    assert ids_on(client.get("/ideas?sort=trending"))[0] == last
