"""Duplicates: staff mark one idea a duplicate of another. Its supporters
count for the other idea without anyone counted twice, and unmerging puts
both back exactly as they were."""
import re

import pytest
from helpers import sign_in, text_of
from sqlalchemy import func, select

from codesign.clock import utcnow
from codesign.exceptions import DomainError
from codesign.extensions import db
from codesign.ideas import services as idea_services
from codesign.models import Idea, IdeaStatusChange, Notification, Support, User
from codesign.staff import services


def snapshot(app, *ideas):
    """What residents could notice: who supports what (and why), the counts,
    statuses and links."""
    with app.app_context():
        supports = {(v.user_id, v.idea_id, v.via_idea_id) for v in db.session.scalars(select(Support))}
        rows = {i.id: (i.status, i.duplicate_of_id, i.support_count)
                for i in db.session.scalars(select(Idea).where(Idea.id.in_([i.id for i in ideas])))}
        return supports, rows


def assert_counts_match_rows(app):
    with app.app_context():
        for idea in db.session.scalars(select(Idea)):
            rows = db.session.scalar(
                select(func.count()).select_from(Support).where(Support.idea_id == idea.id))
            assert idea.support_count == rows, (idea.id, idea.support_count, rows)


def merge(staff, duplicate, target, response="Same idea as another."):
    return staff.post(f"/staff/ideas/{duplicate.id}/merge",
                      {"target": str(getattr(target, "id", target)), "response": response})


def unmerge(staff, duplicate, response="These are different after all."):
    return staff.post(f"/staff/ideas/{duplicate.id}/unmerge", {"response": response})


@pytest.fixture
def pair(factory):
    """X (supported by a, b and s) and Y (supported by s and c): s overlaps."""
    people = {name: factory.user(name=name) for name in ("a", "b", "s", "c", "author_x")}
    x = factory.idea(author=people["author_x"], title="Lights on the towpath")
    y = factory.idea(title="Light the canal path")
    factory.support(x, people["a"], people["b"], people["s"])
    factory.support(y, people["s"], people["c"])
    return x, y, people


# --- merging -------------------------------------------------------------------

def test_staff_mark_an_idea_a_duplicate_from_its_page(app, factory, staff, staff_user, pair):
    x, y, people = pair
    tools = staff.get(f"/ideas/{x.id}").get_data(as_text=True)
    assert f'action="/staff/ideas/{x.id}/merge"' in tools
    assert '<label class="govuk-label" for="staff-duplicate-of">Duplicate of idea number</label>' in tools

    response = merge(staff, x, y, "Same as the canal idea.")

    assert response.status_code == 302
    x_now, y_now = factory.get(Idea, x.id), factory.get(Idea, y.id)
    assert (x_now.status, x_now.duplicate_of_id) == ("duplicate", y.id)
    assert x_now.support_count == 3  # X keeps its own supports
    assert y_now.support_count == 4  # c, s once, and a and b carried over
    assert_counts_match_rows(app)
    with app.app_context():
        carried = {(v.user_id, v.via_idea_id) for v in db.session.scalars(
            select(Support).where(Support.idea_id == y.id))}
        change = db.session.scalars(select(IdeaStatusChange)).one()
        assert (change.from_status, change.to_status, change.response, change.author_id) == (
            "published", "duplicate", "Same as the canal idea.", staff_user.id)
    assert carried == {(people["s"].id, None), (people["c"].id, None),
                       (people["a"].id, x.id), (people["b"].id, x.id)}

    page = text_of(staff.get(f"/ideas/{x.id}"))
    assert re.search(rf'Duplicate of <a [^>]*href="/ideas/{y.id}">Light the canal path</a>', page)
    assert "Same as the canal idea." in page
    page_y = text_of(staff.get(f"/ideas/{y.id}"))
    assert f'<a class="govuk-link" href="/ideas/{x.id}">Lights on the towpath</a>' in page_y


def test_the_duplicates_author_supporters_and_followers_are_told(app, factory, staff, pair):
    x, y, people = pair
    merge(staff, x, y, "Merged with the canal idea.")
    with app.app_context():
        told = {(n.user_id, n.idea_id, n.detail) for n in db.session.scalars(
            select(Notification).where(Notification.kind == "idea_merged"))}
    assert told == {(people[name].id, x.id, "Merged with the canal idea.")
                    for name in ("author_x", "a", "b", "s")}


def test_a_duplicate_takes_no_new_support(app, factory, browser_for, pair):
    x, y, _people = pair
    with app.app_context():
        row = db.session.get(Idea, x.id)
        row.status, row.duplicate_of_id = "duplicate", y.id
        db.session.commit()
    newcomer = browser_for(factory.user())

    page = text_of(newcomer.get(f"/ideas/{x.id}"))
    assert "Support this idea" not in page and "support it there" in page
    assert newcomer.post(f"/ideas/{x.id}/support").status_code == 302  # told why, below
    assert "Support that one instead" in text_of(newcomer.get(f"/ideas/{x.id}"))
    assert factory.get(Idea, x.id).support_count == 3

    with app.app_context():
        with pytest.raises(DomainError, match="duplicate"):
            idea_services.add_support(db.session.get(User, _people["c"].id), db.session.get(Idea, x.id))


def test_merging_can_make_the_target_ready_for_review(app, factory, staff, pair, monkeypatch):
    monkeypatch.setitem(app.config, "IDEA_REVIEW_THRESHOLD", 4)
    x, y, _people = pair
    assert factory.get(Idea, y.id).ready_for_review_at is None
    merge(staff, x, y)
    assert factory.get(Idea, y.id).ready_for_review_at is not None


def merge_error(response):
    page = text_of(response)
    error = re.search(r'<p[^>]*id="target-error"[^>]*>(.*?)</p>', page, re.S)
    return error and error.group(1)


@pytest.mark.parametrize("target, message", [
    ("", "Enter the number of the idea"),
    ("abc", "Enter an idea number"),
    ("99999999999", "Enter an idea number"),
    ("999999", "no idea with that number"),
    ("self", "cannot be a duplicate of itself"),
    ("hidden", "That idea is hidden"),
    ("withdrawn", "withdrawn"),
    ("chain", "itself a duplicate of idea"),
])
def test_a_target_that_cannot_be_merged_into_is_explained(app, factory, staff, pair, target, message):
    x, y, _people = pair
    targets = {
        "self": x.id,
        "hidden": factory.idea(hidden_at=utcnow(), hidden_reason="spam").id,
        "withdrawn": factory.idea(withdrawn_at=utcnow()).id,
        "chain": factory.idea(status="duplicate", duplicate_of_id=y.id).id,
    }
    before = snapshot(app, x, y)

    response = merge(staff, x, targets.get(target, target), "A response typed with care")

    assert response.status_code == 422
    assert message in merge_error(response)
    page = text_of(response)
    assert re.search(r"<title>Error:", page) and 'href="#target"' in page
    assert "A response typed with care" in page
    assert snapshot(app, x, y) == before


def test_a_merge_that_would_make_a_cycle_is_explained(app, factory, staff, pair):
    x, y, _people = pair
    merge(staff, y, x)  # Y is now a duplicate of X
    before = snapshot(app, x, y)
    response = merge(staff, x, y)
    assert response.status_code == 422
    assert "already marked a duplicate of this one" in merge_error(response)
    assert snapshot(app, x, y) == before


def test_an_idea_with_duplicates_cannot_itself_be_merged(app, factory, staff, pair):
    x, y, _people = pair
    other = factory.idea()
    merge(staff, x, y)  # Y now has a duplicate
    before = snapshot(app, x, y, other)

    response = merge(staff, y, other)

    assert response.status_code == 302
    assert "Unmerge them first" in text_of(staff.get(response.headers["Location"]))
    assert snapshot(app, x, y, other) == before


def test_the_response_is_required_and_the_number_kept(app, staff, pair):
    x, y, _people = pair
    response = merge(staff, x, y, response="")
    assert response.status_code == 422
    page = text_of(response)
    assert re.search(r'id="response-error"[^>]*>.*?Write the official response', page, re.S)
    assert f'value="{y.id}"' in page
    assert snapshot(app, x, y)[1][x.id][0] == "published"


def test_a_replayed_merge_changes_nothing(app, staff, pair):
    x, y, _people = pair
    assert merge(staff, x, y).status_code == 302
    before = snapshot(app, x, y)
    again = merge(staff, x, y)
    assert again.status_code == 302
    assert "already marked a duplicate" in text_of(staff.get(again.headers["Location"]))
    assert snapshot(app, x, y) == before
    assert 'id="staff-duplicate-of"' not in staff.get(f"/ideas/{x.id}").get_data(as_text=True)


def test_residents_and_moderators_cannot_merge_or_unmerge(app, factory, browser_for, pair):
    x, y, _people = pair
    before = snapshot(app, x, y)
    for role in ("resident", "moderator"):
        visitor = browser_for(factory.user(role=role))
        assert merge(visitor, x, y).status_code == 403
        assert unmerge(visitor, x).status_code == 403
    assert snapshot(app, x, y) == before


# --- supports after a merge -----------------------------------------------------

def test_taking_back_support_from_a_duplicate_takes_back_what_it_carried(
        app, factory, staff, browser_for, pair):
    x, y, people = pair
    merge(staff, x, y)

    browser_for(people["a"]).post(f"/ideas/{x.id}/unsupport")
    browser_for(people["s"]).post(f"/ideas/{x.id}/unsupport")

    assert factory.get(Idea, x.id).support_count == 1
    assert factory.get(Idea, y.id).support_count == 3  # s keeps their own support of Y
    with app.app_context():
        on_y = set(db.session.scalars(select(Support.user_id).where(Support.idea_id == y.id)))
    assert on_y == {people["s"].id, people["c"].id, people["b"].id}
    assert_counts_match_rows(app)


def test_supporting_the_target_directly_keeps_the_support_after_unmerging(
        app, factory, staff, browser_for, pair):
    x, y, people = pair
    merge(staff, x, y)

    browser_for(people["a"]).post(f"/ideas/{y.id}/support")
    assert factory.get(Idea, y.id).support_count == 4  # already counted, not twice
    unmerge(staff, x)

    with app.app_context():
        on_y = {(v.user_id, v.via_idea_id) for v in db.session.scalars(
            select(Support).where(Support.idea_id == y.id))}
    assert on_y == {(people["s"].id, None), (people["c"].id, None), (people["a"].id, None)}
    assert factory.get(Idea, y.id).support_count == 3
    assert_counts_match_rows(app)


# --- unmerging ------------------------------------------------------------------

def test_unmerging_restores_both_ideas_exactly(app, factory, staff, staff_user, browser_for, pair):
    x, y, people = pair
    # Z is already merged into Y; "two" supports both X and Z, s supports all three.
    two = factory.user(name="two")
    z = factory.idea(title="Canal lamps")
    factory.support(x, two)
    factory.support(z, two, people["s"])
    assert merge(staff, z, y).status_code == 302
    staff.post(f"/staff/ideas/{x.id}/status", {"status": "under_review", "response": "Looking."})
    before = snapshot(app, x, y, z)

    assert merge(staff, x, y).status_code == 302
    assert snapshot(app, x, y, z) != before
    response = unmerge(staff, x, "They are different places.")

    assert response.status_code == 302
    assert snapshot(app, x, y, z) == before
    assert factory.get(Idea, x.id).status == "under_review"
    assert_counts_match_rows(app)
    with app.app_context():
        last = db.session.scalars(select(IdeaStatusChange).where(IdeaStatusChange.idea_id == x.id)
                                  .order_by(IdeaStatusChange.id.desc())).first()
        assert (last.from_status, last.to_status, last.response, last.author_id) == (
            "duplicate", "under_review", "They are different places.", staff_user.id)
    page = text_of(staff.get(f"/ideas/{x.id}"))
    assert "id=\"duplicate-of\"" not in page and "They are different places." in page


def test_unmerging_recarries_supports_still_owed_by_other_duplicates(app, factory, staff, pair):
    x, y, people = pair
    z = factory.idea()
    factory.support(z, people["a"])
    merge(staff, x, y)  # a is carried via X
    merge(staff, z, y)  # a already counts on Y, so nothing more

    unmerge(staff, x)

    with app.app_context():
        on_y = {(v.user_id, v.via_idea_id) for v in db.session.scalars(
            select(Support).where(Support.idea_id == y.id))}
    assert on_y == {(people["s"].id, None), (people["c"].id, None), (people["a"].id, z.id)}
    assert factory.get(Idea, y.id).support_count == 3
    assert_counts_match_rows(app)


def test_unmerging_an_idea_that_is_not_a_duplicate_is_explained(app, factory, staff, pair):
    x, y, _people = pair
    before = snapshot(app, x, y)
    response = unmerge(staff, x)
    assert response.status_code == 302
    assert "not marked a duplicate" in text_of(staff.get(response.headers["Location"]))
    assert snapshot(app, x, y) == before


def test_unmerging_needs_a_response(app, staff, pair):
    x, y, _people = pair
    merge(staff, x, y)
    before = snapshot(app, x, y)
    response = unmerge(staff, x, "")
    assert response.status_code == 422
    assert re.search(r'id="response-error"[^>]*>.*?Write the official response', text_of(response), re.S)
    assert snapshot(app, x, y) == before


def test_services_refuse_a_merge_into_a_hidden_idea_without_a_trace(app, ctx, factory, staff_user):
    x_id, y_id = factory.idea().id, factory.idea(hidden_at=utcnow(), hidden_reason="spam").id
    staff = db.session.get(User, staff_user.id)
    with pytest.raises(DomainError) as raised:
        services.merge_idea(db.session.get(Idea, x_id), db.session.get(Idea, y_id), "r", staff)
    assert raised.value.field == "target"
    db.session.rollback()
    assert db.session.get(Idea, x_id).duplicate_of_id is None


def test_a_merge_without_its_form_token_is_refused(app, make_client, staff_user, pair):
    x, y, _people = pair
    client = make_client()
    sign_in(client, staff_user)
    before = snapshot(app, x, y)
    for path in (f"/staff/ideas/{x.id}/merge", f"/staff/ideas/{x.id}/status"):
        response = client.post(path, data={"target": str(y.id), "status": "under_review",
                                           "response": "No token"})
        assert response.status_code == 400
    assert snapshot(app, x, y) == before


# --- supports given in person (codesign/assist) ---------------------------------------------

def test_in_person_supports_are_carried_once_and_unmerged_exactly(app, factory, staff_user):
    """X has in-person supports from r1 and r2, Y from r2, Z from r1. Merged
    into Y, each resident counts once there; unmerged, Y is as it was."""
    from sqlalchemy.exc import IntegrityError

    from codesign.assist import services as assist
    from codesign.counts import find_drift
    from codesign.models import AssistedResident
    connector = factory.user(role="connector")
    x, y, z = (factory.idea(title=title) for title in ("Towpath", "Canal path", "Canal lights"))
    with app.app_context():
        connie = db.session.get(User, connector.id)
        r1, r2 = (assist.find_or_create_resident(connie, name, "CF10")[0]
                  for name in ("Ada Lovelace", "Siân O'Neil"))
        for idea, residents in ((x, (r1, r2)), (y, (r2,)), (z, (r1,))):
            for resident in residents:
                assist.enter_support(connie, resident, "desk", "Library",
                                     db.session.get(Idea, idea.id))
        db.session.commit()
        r1_id, r2_id = r1.id, r2.id

    def held(idea):
        with app.app_context():
            row = db.session.get(Idea, idea.id)
            people = {(s.assisted_resident_id, s.via_idea_id) for s in db.session.scalars(
                select(Support).where(Support.idea_id == idea.id))}
            assert not any(find_drift(db.session).values())
            return row.support_count, row.in_person_support_count, people

    def act(action, *ideas):
        with app.app_context():
            staff = db.session.get(User, staff_user.id)
            loaded = [db.session.get(Idea, idea.id) for idea in ideas]
            action(*loaded, "Same idea.", staff)
            db.session.commit()

    act(services.merge_idea, x, y)
    assert held(y) == (2, 2, {(r2_id, None), (r1_id, x.id)})
    act(services.merge_idea, z, y)  # r1 is on Y already: not twice
    assert held(y) == (2, 2, {(r2_id, None), (r1_id, x.id)})
    act(services.unmerge_idea, x)  # r1 still supports Z, merged into Y: carried from Z now
    assert held(y) == (2, 2, {(r2_id, None), (r1_id, z.id)})
    assert held(x) == (2, 2, {(r1_id, None), (r2_id, None)})
    act(services.unmerge_idea, z)
    assert held(y) == (1, 1, {(r2_id, None)})
    assert held(z) == (1, 1, {(r1_id, None)})

    # Entered again on the target while carried, the support becomes the
    # resident's own, still one, and stays when the duplicate is unmerged.
    act(services.merge_idea, x, y)
    with app.app_context():
        assist.enter_support(db.session.get(User, connector.id),
                             db.session.get(AssistedResident, r1_id), "phone", "Contact centre",
                             db.session.get(Idea, y.id))
        db.session.commit()
    assert held(y) == (2, 2, {(r2_id, None), (r1_id, None)})
    act(services.unmerge_idea, x)
    assert held(y) == (2, 2, {(r2_id, None), (r1_id, None)})

    # And the database holds the rule on the target whatever the code does.
    with app.app_context():
        db.session.add(Support(assisted_resident_id=r2_id, idea_id=y.id, via_idea_id=x.id))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
