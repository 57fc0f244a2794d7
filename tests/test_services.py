"""The idea and support rules, called directly as a route would: services
flush, the caller commits once.

Arrange with the factory first, then load rows in this context: on SQLite an
open transaction here would make the factory's own transaction wait."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from codesign.clock import utcnow
from codesign.exceptions import DomainError
from codesign.extensions import db
from codesign.ideas import services
from codesign.models import Challenge, Idea, ServiceArea, Support, User


def load(model, pk):
    return db.session.get(model, pk)


def support_rows(idea):
    return db.session.scalar(select(func.count()).select_from(Support).where(Support.idea_id == idea.id))


def fresh(idea):
    """The idea as committed, not as this session remembers it."""
    db.session.expire_all()
    return db.session.get(Idea, idea.id)


@pytest.fixture
def people(factory):
    return factory.user(name="Author"), factory.user(name="Neighbour")


@pytest.fixture
def idea_id(factory, people):
    return factory.idea(author=people[0]).id


# --- submit_idea -----------------------------------------------------------

def test_submit_idea_publishes_with_author_and_timestamps(ctx, factory, people):
    area_row = factory.area()
    challenge_id = factory.challenge(area=area_row).id
    author, area = load(User, people[0].id), load(ServiceArea, area_row.id)
    challenge = load(Challenge, challenge_id)

    idea = services.submit_idea(author, "Benches", "More **benches**", area, challenge, "Park")
    assert idea.id is not None  # flushed, so a route can redirect to it
    db.session.commit()

    saved = fresh(idea)
    assert (saved.title, saved.description, saved.place) == ("Benches", "More **benches**", "Park")
    assert saved.author_id == author.id and saved.service_area_id == area.id
    assert saved.challenge_id == challenge.id
    assert saved.status == "published"
    assert saved.created_at == saved.updated_at
    assert abs(saved.created_at - utcnow()) < timedelta(minutes=1)
    assert (saved.support_count, saved.comment_count, saved.withdrawn_at, saved.engaged_at) == (
        0, 0, None, None)


def test_submit_idea_stores_an_empty_place_as_none(ctx, factory, people):
    area_id = factory.area().id
    author, area = load(User, people[0].id), load(ServiceArea, area_id)
    idea = services.submit_idea(author, "T", "D", area, place="")
    db.session.commit()
    assert fresh(idea).place is None and fresh(idea).challenge_id is None


def test_submit_idea_refuses_a_closed_challenge(ctx, factory, people):
    area_row = factory.area()
    closed_id = factory.challenge(area=area_row, open_=False).id
    author, area = load(User, people[0].id), load(ServiceArea, area_row.id)
    closed = load(Challenge, closed_id)

    with pytest.raises(DomainError) as refused:
        services.submit_idea(author, "T", "D", area, closed)

    assert refused.value.field == "challenge" and "closed" in refused.value.message
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Idea)) == 0


def test_submit_idea_refuses_a_challenge_not_yet_open(ctx, factory, people):
    area_row = factory.area()
    upcoming_id = factory.challenge(area=area_row).id
    author, area = load(User, people[0].id), load(ServiceArea, area_row.id)
    upcoming = load(Challenge, upcoming_id)
    upcoming.opens_at = utcnow() + timedelta(days=2)
    upcoming.closes_at = utcnow() + timedelta(days=9)
    db.session.commit()
    with pytest.raises(DomainError):
        services.submit_idea(author, "T", "D", area, upcoming)


# --- edit_idea -------------------------------------------------------------

def test_edit_idea_changes_the_text_and_the_update_time(ctx, factory, idea_id, monkeypatch):
    other_area_id = factory.area().id
    idea, other_area = load(Idea, idea_id), load(ServiceArea, other_area_id)
    created = idea.created_at
    later = utcnow() + timedelta(hours=2)
    monkeypatch.setattr(services, "utcnow", lambda: later)

    services.edit_idea(idea, "New", "Newer text", other_area, None, "Square")
    db.session.commit()

    saved = fresh(idea)
    assert (saved.title, saved.description, saved.service_area_id, saved.place) == (
        "New", "Newer text", other_area.id, "Square")
    assert saved.updated_at == later and saved.created_at == created


def test_edit_idea_is_refused_once_someone_else_supported(ctx, idea_id, people):
    idea, neighbour = load(Idea, idea_id), load(User, people[1].id)
    services.add_support(neighbour, idea)
    db.session.commit()

    with pytest.raises(DomainError):
        services.edit_idea(fresh(idea), "Changed", "Changed", idea.service_area)
    db.session.rollback()
    assert fresh(idea).title != "Changed"


def test_authors_own_support_does_not_engage_the_idea(ctx, idea_id, people):
    idea, author = load(Idea, idea_id), load(User, people[0].id)
    services.add_support(author, idea)
    db.session.commit()
    assert fresh(idea).engaged_at is None
    services.edit_idea(fresh(idea), "Still editable", "Yes", idea.service_area)
    db.session.commit()
    assert fresh(idea).title == "Still editable"


def test_engagement_time_is_kept_from_the_first_response(ctx, factory, idea_id, people):
    third_id = factory.user().id
    idea = load(Idea, idea_id)
    services.add_support(load(User, people[1].id), idea)
    db.session.commit()
    first = fresh(idea).engaged_at
    services.add_support(load(User, third_id), fresh(idea))
    db.session.commit()
    assert first is not None and fresh(idea).engaged_at == first


def test_edit_idea_keeps_a_challenge_that_has_since_closed(ctx, factory, people):
    area_row = factory.area()
    closed_id = factory.challenge(area=area_row, open_=False).id
    another_closed_id = factory.challenge(area=area_row, open_=False).id
    idea = load(Idea, factory.idea(author=people[0], area=area_row, challenge_id=closed_id).id)
    area, closed = idea.service_area, load(Challenge, closed_id)
    db.session.commit()

    services.edit_idea(idea, "Edited", "Text", area, closed)
    db.session.commit()
    assert fresh(idea).challenge_id == closed.id

    another_closed = load(Challenge, another_closed_id)
    with pytest.raises(DomainError) as refused:
        services.edit_idea(fresh(idea), "Edited", "Text", area, another_closed)
    assert refused.value.field == "challenge"


# --- withdraw_idea ---------------------------------------------------------

def test_withdraw_idea_marks_it_once(ctx, idea_id, monkeypatch):
    idea = load(Idea, idea_id)
    services.withdraw_idea(idea)
    db.session.commit()
    first = fresh(idea).withdrawn_at
    assert first is not None

    monkeypatch.setattr(services, "utcnow", lambda: first + timedelta(days=1))
    with pytest.raises(DomainError, match="already withdrawn"):
        services.withdraw_idea(fresh(idea))
    db.session.rollback()
    assert fresh(idea).withdrawn_at == first
    assert fresh(idea).status == "published"  # withdrawn is a state, not a deletion


def test_a_withdrawn_idea_refuses_support_but_allows_taking_it_back(ctx, idea_id, people):
    idea, neighbour = load(Idea, idea_id), load(User, people[1].id)
    services.add_support(neighbour, idea)
    services.withdraw_idea(idea)
    db.session.commit()

    with pytest.raises(DomainError):
        services.add_support(load(User, people[0].id), fresh(idea))
    db.session.rollback()
    assert services.remove_support(neighbour, fresh(idea)) is True
    db.session.commit()
    assert (support_rows(idea), fresh(idea).support_count) == (0, 0)


# --- add_support / remove_support ---------------------------------------------

def test_add_support_is_idempotent(ctx, idea_id, people):
    idea, neighbour = load(Idea, idea_id), load(User, people[1].id)

    assert services.add_support(neighbour, idea) is True
    db.session.commit()
    assert services.add_support(neighbour, fresh(idea)) is False
    db.session.commit()

    assert support_rows(idea) == 1 and fresh(idea).support_count == 1


def test_add_support_updates_the_count_the_caller_sees(ctx, idea_id, people):
    idea = load(Idea, idea_id)
    services.add_support(load(User, people[1].id), idea)
    assert idea.support_count == 1  # before the commit, in the same transaction


def test_remove_support_is_idempotent(ctx, idea_id, people):
    idea, neighbour = load(Idea, idea_id), load(User, people[1].id)
    services.add_support(neighbour, idea)
    db.session.commit()

    assert services.remove_support(neighbour, fresh(idea)) is True
    db.session.commit()
    assert services.remove_support(neighbour, fresh(idea)) is False
    db.session.commit()

    assert support_rows(idea) == 0 and fresh(idea).support_count == 0


def test_remove_support_leaves_other_peoples_supports(ctx, factory, idea_id, people):
    third_id = factory.user().id
    idea, neighbour, third = load(Idea, idea_id), load(User, people[1].id), load(User, third_id)
    services.add_support(neighbour, idea)
    services.add_support(third, idea)
    db.session.commit()

    assert services.remove_support(load(User, people[0].id), fresh(idea)) is False
    services.remove_support(neighbour, fresh(idea))
    db.session.commit()

    assert support_rows(idea) == 1 and fresh(idea).support_count == 1
    assert services.recount(fresh(idea)) == (1, 0)


def test_counts_match_the_rows_after_many_changes(ctx, factory, idea_id):
    supporter_ids = [factory.user().id for _ in range(6)]
    idea, supporters = load(Idea, idea_id), [load(User, pk) for pk in supporter_ids]
    for supporter in supporters:
        services.add_support(supporter, idea)
    for supporter in supporters[::2]:
        services.remove_support(supporter, idea)
        services.remove_support(supporter, idea)
    services.add_support(supporters[1], idea)
    db.session.commit()

    saved = fresh(idea)
    assert services.recount(saved) == (saved.support_count, saved.comment_count) == (3, 0)
