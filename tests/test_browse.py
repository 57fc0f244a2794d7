"""Browsing ideas: pages, filters, sort orders, the daily shuffle, the home page."""
import re
from datetime import date, timedelta

import pytest

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.ideas import queries
from codesign.models import Comment, Idea, Support, User


def ids_on(response):
    """Idea ids in the order the page lists them."""
    assert response.status_code == 200
    return [int(n) for n in re.findall(r'id="idea-(\d+)-title"', response.get_data(as_text=True))]


def total_on(response):
    return int(re.search(r'<p role="status">(\d+) ideas?', response.get_data(as_text=True)).group(1))


def add_ideas(app, factory, n, area=None, author=None, **columns):
    """n ideas inserted at once; their ids in creation order."""
    area = area or factory.area()
    author = author or factory.user()
    now = utcnow()
    with app.app_context():
        ideas = [Idea(title=f"Idea {i}", description="Text", service_area_id=area.id,
                      author_id=author.id, created_at=now, updated_at=now, **columns)
                 for i in range(n)]
        db.session.add_all(ideas)
        db.session.commit()
        return [idea.id for idea in ideas]


def add_people(app, n):
    with app.app_context():
        people = [User(email=f"p{i}@crowd.test", display_name=f"P{i}", password_hash="x",
                       confirmed_at=utcnow()) for i in range(n)]
        db.session.add_all(people)
        db.session.commit()
        return [person.id for person in people]


def add_supports(app, idea_id, user_ids, days_ago):
    """Support rows made days_ago, with the idea's counter kept in step."""
    at = utcnow() - timedelta(days=days_ago)
    with app.app_context():
        db.session.add_all(Support(user_id=u, idea_id=idea_id, created_at=at) for u in user_ids)
        db.session.get(Idea, idea_id).support_count += len(user_ids)
        db.session.commit()


# --- pages -----------------------------------------------------------------

def test_twenty_ideas_a_page_with_next_and_previous_links(app, factory, client):
    created = add_ideas(app, factory, 25)

    first = client.get("/ideas?sort=newest")
    page = first.get_data(as_text=True)
    assert len(ids_on(first)) == 20 and total_on(first) == 25
    assert 'rel="prev"' not in page
    next_link = re.search(r'href="([^"]+)" rel="next"', page).group(1).replace("&amp;", "&")

    second = client.get(next_link)
    page2 = second.get_data(as_text=True)
    assert len(ids_on(second)) == 5
    assert 'rel="next"' not in page2
    prev_link = re.search(r'href="([^"]+)" rel="prev"', page2).group(1).replace("&amp;", "&")
    assert ids_on(client.get(prev_link)) == ids_on(first)
    assert sorted(ids_on(first) + ids_on(second)) == sorted(created)


def test_page_links_keep_the_filters_and_sort(app, factory, client):
    area = factory.area()
    add_ideas(app, factory, 21, area=area)
    page = client.get(f"/ideas?area={area.id}&sort=newest").get_data(as_text=True)
    link = re.search(r'href="([^"]+)" rel="next"', page).group(1)
    assert f"area={area.id}" in link and "sort=newest" in link and "page=2" in link


def test_a_page_past_the_end_is_empty_not_an_error(app, factory, client):
    add_ideas(app, factory, 3)
    response = client.get("/ideas?page=5")
    assert ids_on(response) == []
    assert "No ideas match" in response.get_data(as_text=True)


# --- filters ---------------------------------------------------------------

def test_filters_by_area_challenge_and_status_combine(app, factory, client):
    parks, roads = factory.area(name="Parks"), factory.area(name="Roads")
    play = factory.challenge(area=parks)
    other = factory.challenge(area=parks)
    wanted = add_ideas(app, factory, 2, area=parks, challenge_id=play.id)
    add_ideas(app, factory, 1, area=parks, challenge_id=other.id)
    add_ideas(app, factory, 1, area=parks)
    add_ideas(app, factory, 1, area=roads, challenge_id=play.id)
    add_ideas(app, factory, 1, area=roads)

    assert len(ids_on(client.get(f"/ideas?area={parks.id}"))) == 4
    assert len(ids_on(client.get(f"/ideas?challenge={play.id}"))) == 3
    combined = client.get(f"/ideas?area={parks.id}&challenge={play.id}&status=published")
    assert sorted(ids_on(combined)) == sorted(wanted)
    assert total_on(combined) == 2
    assert len(ids_on(client.get("/ideas?status=published"))) == 6


def test_filter_with_no_match_says_so(app, factory, client):
    area = factory.area()
    add_ideas(app, factory, 2)
    response = client.get(f"/ideas?area={area.id}")
    assert ids_on(response) == [] and total_on(response) == 0


# --- sort orders -----------------------------------------------------------

def test_most_supported_first(app, factory, client):
    area, author = factory.area(), factory.user()
    few = factory.idea(author=author, area=area, support_count=2)
    many = factory.idea(author=author, area=area, support_count=9)
    none = factory.idea(author=author, area=area, support_count=0)
    assert ids_on(client.get("/ideas?sort=supported")) == [many.id, few.id, none.id]


def test_newest_first(app, factory, client):
    area, author = factory.area(), factory.user()
    now = utcnow()
    old = factory.idea(author=author, area=area, created_at=now - timedelta(days=9))
    new = factory.idea(author=author, area=area, created_at=now - timedelta(hours=1))
    mid = factory.idea(author=author, area=area, created_at=now - timedelta(days=2))
    assert ids_on(client.get("/ideas?sort=newest")) == [new.id, mid.id, old.id]


def test_most_discussed_first(app, factory, client):
    area, author = factory.area(), factory.user()
    quiet = factory.idea(author=author, area=area, comment_count=1)
    busy = factory.idea(author=author, area=area, comment_count=12)
    silent = factory.idea(author=author, area=area)
    assert ids_on(client.get("/ideas?sort=discussed")) == [busy.id, quiet.id, silent.id]


def test_trending_weighs_recent_supports_above_old_ones(app, factory, client):
    area, author = factory.area(), factory.user()
    now = utcnow()
    # Created oldest first, so "newest" would give the opposite order.
    today = factory.idea(author=author, area=area, title="Busy today",
                         created_at=now - timedelta(days=30))
    earlier = factory.idea(author=author, area=area, title="Busy ten days ago",
                           created_at=now - timedelta(days=20))
    stale = factory.idea(author=author, area=area, title="Busy long ago",
                         created_at=now - timedelta(days=10))
    quiet = factory.idea(author=author, area=area, title="Never supported")
    people = add_people(app, 12)
    add_supports(app, today.id, people[:3], days_ago=0)
    add_supports(app, earlier.id, people[3:8], days_ago=10)
    add_supports(app, stale.id, people[:12], days_ago=60)

    order = ids_on(client.get("/ideas?sort=trending"))

    assert order.index(today.id) < order.index(earlier.id) < order.index(stale.id)
    assert order.index(earlier.id) < order.index(quiet.id)
    # By count alone the long-ago idea would lead; by date the unsupported one.
    assert ids_on(client.get("/ideas?sort=supported"))[0] == stale.id
    home = ids_on(client.get("/"))
    assert home.index(today.id) < home.index(earlier.id)


def test_trending_counts_recent_comments_too(app, factory, client):
    area, author = factory.area(), factory.user()
    now = utcnow()
    talked = factory.idea(author=author, area=area, created_at=now - timedelta(days=5))
    silent = factory.idea(author=author, area=area, created_at=now)
    with app.app_context():
        db.session.add(Comment(idea_id=talked.id, author_id=author.id, body="Yes", created_at=now))
        db.session.get(Idea, talked.id).comment_count = 1
        db.session.commit()
    assert ids_on(client.get("/ideas?sort=trending")) == [talked.id, silent.id]


# --- the daily shuffle -----------------------------------------------------

def test_random_order_is_stable_for_one_visitor(app, factory, client):
    add_ideas(app, factory, 30)
    first = ids_on(client.get("/ideas"))
    assert len(first) == 20
    assert ids_on(client.get("/ideas")) == first
    assert ids_on(client.get("/ideas?sort=random")) == first


def test_random_order_differs_between_visitors(app, factory, make_client):
    created = add_ideas(app, factory, 30)
    orders = [ids_on(make_client().get("/ideas")) for _ in range(5)]
    assert len({tuple(order) for order in orders}) > 1
    # Not simply the order the ideas were made in.
    assert any(order != created[:20] and order != created[::-1][:20] for order in orders)


def test_random_order_changes_with_the_day(app, factory):
    add_ideas(app, factory, 30)
    day = date(2026, 3, 1)
    with app.app_context():
        def order(today):
            browse = queries.parse_browse({}, visitor_seed=42, today=today)
            return [idea.id for idea in queries.browse_ideas(browse, 30).items]

        assert order(day) == order(day)
        assert order(day) != order(day + timedelta(days=1))
        assert queries.daily_seed(42, day) == queries.daily_seed(42, day)
        assert queries.daily_seed(42, day) != queries.daily_seed(42, day + timedelta(days=1))
        assert queries.daily_seed(42, day) != queries.daily_seed(43, day)


def test_random_pages_show_every_idea_exactly_once(app, factory, client):
    created = add_ideas(app, factory, 45)
    seen = []
    for number in (1, 2, 3):
        seen += ids_on(client.get(f"/ideas?page={number}"))
    assert sorted(seen) == sorted(created)


# --- hostile or broken query strings --------------------------------------

@pytest.mark.parametrize("query", [
    "page=-1", "page=0", "page=abc", "page=999999999999", "page=" + "9" * 5000, "page=%C2%B2",
    "area=abc", "area=99999999999999999999", "area=-3", "area=%C2%B2", "area=" + "9" * 5000,
    "challenge=abc", "challenge=99999999999999999999", "challenge=%C2%B2",
    "sort=bogus", "sort=", "status=<script>alert(1)</script>", "status=withdrawn",
    "page=1&page=2", "area=%00", "sort=trending&page=999999999999",
])
def test_unusable_query_arguments_still_show_the_page(app, factory, client, query):
    add_ideas(app, factory, 3)
    response = client.get(f"/ideas?{query}")
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


# --- hidden ideas ----------------------------------------------------------

def test_hidden_ideas_are_left_out_of_every_list_and_count(app, factory, client):
    area = factory.area()
    challenge = factory.challenge(area=area)
    shown = add_ideas(app, factory, 2, area=area, challenge_id=challenge.id)
    hidden = add_ideas(app, factory, 1, area=area, challenge_id=challenge.id,
                       hidden_at=utcnow(), support_count=50, comment_count=50)[0]
    people = add_people(app, 3)
    add_supports(app, hidden, people, days_ago=0)

    for query in ["", "sort=supported", "sort=newest", "sort=discussed", "sort=trending",
                  f"area={area.id}", f"challenge={challenge.id}", "status=published"]:
        response = client.get(f"/ideas?{query}")
        assert hidden not in ids_on(response), query
        assert total_on(response) == 2, query
    assert hidden not in ids_on(client.get("/"))
    assert sorted(ids_on(client.get("/ideas"))) == sorted(shown)


# --- home page -------------------------------------------------------------

def test_home_page_shows_open_challenges_trending_ideas_and_how_it_works(app, factory, client):
    area = factory.area()
    factory.challenge(area=area, question="How might we make parks safer at night?")
    factory.challenge(area=area, question="How might we fix last winter?", open_=False)
    idea = factory.idea(area=area, title="Lights along the river path")
    add_supports(app, idea.id, add_people(app, 2), days_ago=0)

    response = client.get("/")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "How might we make parks safer at night?" in page
    assert "last winter" not in page
    assert "Trending ideas" in page and "Lights along the river path" in page
    assert idea.id in ids_on(response)
    assert 'id="how-it-works"' in page and "How it works" in page
