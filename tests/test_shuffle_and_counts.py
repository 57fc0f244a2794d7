"""The random order from stored shuffle keys, and totals too long to count.

Each idea keeps a random shuffle key; a visitor's order of the day starts at
a key drawn from their seed and wraps round. Its pages must partition the
public ideas (none twice, none missed, none hidden), on the site and in the
API, and another seed must give another order. Long lists show an estimated
total ("About 3,000 ideas") and searches a floor ("More than 1,000"); a
total shown as a plain number must be the number of rows."""
import re

import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text

from codesign import create_app, search
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.ideas import queries
from codesign.models import Idea
from codesign.pagination import ABOUT, EXACT

PER_PAGE = 20


@pytest.fixture
def ideas(app, factory):
    """47 public ideas in two areas and 6 hidden ones: their ids."""
    parks, roads = factory.area("Parks"), factory.area("Roads")
    author = factory.user()
    now = utcnow()
    with app.app_context():
        rows = [Idea(title=f"Bench {n}", description="Text", author_id=author.id,
                     service_area_id=(parks if n % 3 else roads).id, created_at=now,
                     updated_at=now, hidden_at=now if n % 9 == 4 else None)
                for n in range(53)]
        db.session.add_all(rows)
        db.session.commit()
        public = [idea.id for idea in rows if idea.hidden_at is None]
        hidden = [idea.id for idea in rows if idea.hidden_at is not None]
        in_parks = [idea.id for idea in rows if idea.hidden_at is None and idea.service_area_id == parks.id]
        return {"public": public, "hidden": hidden, "parks": parks.id, "in_parks": in_parks}


def walk(app, seed, **filters):
    """Every page of the random order for one seed, in order."""
    shown, number = [], 1
    with app.app_context():
        while True:
            browse = queries.Browse(seed=seed, page=number, **filters)
            page = queries.browse_ideas(browse, PER_PAGE)
            shown += [idea.id for idea in page.items]
            if not page.has_next:
                return shown
            number += 1


@pytest.mark.parametrize("seed", [0, 1, 977, queries.SHUFFLE_PRIME - 1])
def test_random_pages_partition_the_public_ideas(app, ideas, seed):
    shown = walk(app, seed)
    assert len(shown) == len(set(shown)), "an idea shown twice"
    assert sorted(shown) == sorted(ideas["public"]), "an idea missed, or a hidden one shown"
    assert not set(shown) & set(ideas["hidden"])


def test_filtered_random_pages_partition_the_filtered_ideas(app, ideas):
    shown = walk(app, 31337, area=ideas["parks"])
    assert len(shown) == len(set(shown)) and sorted(shown) == sorted(ideas["in_parks"])


def test_the_order_is_the_keys_from_the_seeds_start_wrapping_round(app, ideas):
    seed = 4242
    shown = walk(app, seed)
    with app.app_context():
        keys = dict(db.session.execute(select(Idea.id, Idea.shuffle_key)).all())
    start = queries.start_key(seed)
    in_order = sorted(ideas["public"], key=lambda i: (keys[i] < start, keys[i], i))
    assert shown == in_order


def test_another_seed_gives_another_order(app, ideas):
    orders = {tuple(walk(app, seed)) for seed in (1, 2, 3)}
    assert len(orders) == 3


def test_new_ideas_get_spread_out_shuffle_keys(app, ideas):
    with app.app_context():
        keys = db.session.scalars(select(Idea.shuffle_key)).all()
    assert len(set(keys)) == len(keys) and all(0 <= key < queries.SHUFFLE_PRIME for key in keys)


def test_the_api_pages_of_one_seed_give_every_public_idea_once(client, ideas):
    url, shown = "/api/v1/ideas?seed=12", []
    while url:
        page = client.get(url).get_json()
        shown += [item["id"] for item in page["items"]]
        url = page["next"]
    assert len(shown) == len(set(shown)) and sorted(shown) == sorted(ideas["public"])
    assert page["total"] == len(ideas["public"]) and page["total_is"] == "exact"


def test_a_visitors_pages_continue_each_other_on_the_site(client, ideas):
    shown = []
    for number in (1, 2, 3):
        html = client.get(f"/ideas?page={number}").get_data(as_text=True)
        shown += [int(n) for n in re.findall(r'id="idea-(\d+)-title"', html)]
    assert sorted(shown) == sorted(ideas["public"])


# --- totals ----------------------------------------------------------------

def test_a_short_list_shows_its_exact_count(app, client, ideas):
    html = client.get("/ideas").get_data(as_text=True)
    assert f'<p role="status">{len(ideas["public"])} ideas' in html
    with app.app_context():
        assert queries.count_ideas(queries.Browse()) == (len(ideas["public"]), EXACT)
        assert queries.count_ideas(queries.Browse(area=ideas["parks"])) == (
            len(ideas["in_parks"]), EXACT)


@pytest.mark.parametrize("cap", [46, 47])
def test_a_count_at_the_limit_is_exact(app, monkeypatch, ideas, cap):
    monkeypatch.setattr(queries, "COUNT_EXACT_UP_TO", cap)
    with app.app_context():
        total, total_is = queries.count_ideas(queries.Browse())
    if cap >= len(ideas["public"]):
        assert (total, total_is) == (len(ideas["public"]), EXACT)
    else:
        assert total_is == ABOUT and total > cap


def test_a_long_list_says_about_how_many(app, client, monkeypatch, ideas):
    monkeypatch.setattr(queries, "COUNT_EXACT_UP_TO", 10)
    html = client.get("/ideas").get_data(as_text=True)
    assert re.search(r'<p role="status">About [\d,]+ ideas', html)
    listed = client.get("/api/v1/ideas").get_json()
    assert listed["total_is"] == "about" and listed["total"] > 10


def test_a_search_with_many_matches_says_more_than(client, monkeypatch, ideas):
    monkeypatch.setattr(search, "COUNT_UP_TO", 5)
    assert "More than 5 ideas match" in client.get("/search?q=bench").get_data(as_text=True)
    assert "More than 5 ideas match “bench”" in client.get("/ideas?q=bench").get_data(as_text=True)
    found = client.get("/api/v1/ideas?q=bench").get_json()
    assert found["total"] == 5 and found["total_is"] == "more_than"
    monkeypatch.setattr(search, "COUNT_UP_TO", 1000)
    found = client.get("/api/v1/ideas?q=bench").get_json()
    assert found["total"] == len(ideas["public"]) and found["total_is"] == "exact"


# --- the migration ---------------------------------------------------------

def test_the_migration_gives_existing_ideas_spread_out_keys(tmp_path):
    app = create_app({"ENV_NAME": "testing",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'keys.db'}"})
    now = utcnow()
    with app.app_context():
        upgrade(revision="0005")
        db.session.execute(text(
            "INSERT INTO user (id, email, display_name, password_hash, role, created_at, "
            "session_token, email_preference) "
            "VALUES (1, 'a@example.test', 'Ann', '!', 'resident', :now, 'x', 'daily')"), {"now": now})
        db.session.execute(text(
            "INSERT INTO service_area (id, name, description, created_at) "
            "VALUES (1, 'Parks', 'Trees', :now)"), {"now": now})
        db.session.execute(text(
            "INSERT INTO idea (id, title, description, service_area_id, author_id, status, "
            "created_at, updated_at, vote_count, comment_count) "
            "VALUES (:id, 'Idea', 'Text', 1, 1, 'published', :now, :now, 0, 0)"),
            [{"id": n, "now": now} for n in range(1, 41)])
        db.session.commit()
        upgrade()
        keys = db.session.scalars(select(Idea.shuffle_key)).all()
        assert len(keys) == 40 and len(set(keys)) == 40
        assert all(0 <= key < queries.SHUFFLE_PRIME for key in keys)
        assert max(keys) > queries.SHUFFLE_PRIME // 2 > min(keys)
        shown = []
        for number in (1, 2):
            page = queries.browse_ideas(queries.Browse(seed=3, page=number), PER_PAGE)
            shown += [idea.id for idea in page.items]
        assert sorted(shown) == list(range(1, 41))
        db.session.remove()
        db.engine.dispose()
