"""Many support requests at the same moment: the count always equals the rows.

Each thread has its own test client (its own session and cookie jar), fetches
its CSRF token first, then all threads POST together at a barrier.
"""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from helpers import csrf_token, sign_in
from sqlalchemy import func, select, text

from codesign.extensions import db
from codesign.models import Idea, Support
from codesign.staff import services as staff_services

THREADS = 20


def storm(make_client, users, idea, actions):
    """POST actions[i] as users[i], all at once; the status codes in order."""
    barrier = threading.Barrier(len(actions), timeout=30)

    def request(i):
        client = make_client()
        sign_in(client, users[i])
        token = csrf_token(client)
        barrier.wait()
        response = client.post(f"/ideas/{idea.id}/{actions[i]}", data={"csrf_token": token},
                               headers={"Accept": "application/json"})
        return response.status_code

    with ThreadPoolExecutor(max_workers=len(actions)) as pool:
        return list(pool.map(request, range(len(actions))))


def state(app, idea):
    """(support rows, support_count) for the idea, as the database has them."""
    with app.app_context():
        rows = db.session.scalar(
            select(func.count()).select_from(Support).where(Support.idea_id == idea.id))
        return rows, db.session.get(Idea, idea.id).support_count


def test_one_person_supporting_twenty_times_at_once_counts_once(app, factory, make_client):
    idea = factory.idea()
    user = factory.user()

    codes = storm(make_client, [user] * THREADS, idea, ["support"] * THREADS)

    assert codes == [200] * THREADS
    assert state(app, idea) == (1, 1)


def test_twenty_people_supporting_at_once_count_twenty(app, factory, make_client):
    idea = factory.idea()
    users = [factory.user() for _ in range(THREADS)]

    codes = storm(make_client, users, idea, ["support"] * THREADS)

    assert codes == [200] * THREADS
    assert state(app, idea) == (THREADS, THREADS)


def test_support_and_removal_storm_from_one_person_leaves_count_equal_to_rows(
        app, factory, make_client):
    idea = factory.idea()
    user = factory.user()

    codes = storm(make_client, [user] * THREADS, idea, ["support", "unsupport"] * (THREADS // 2))

    assert codes == [200] * THREADS
    rows, count = state(app, idea)
    assert rows in (0, 1) and count == rows


def test_support_and_removal_storm_from_many_people_leaves_count_equal_to_rows(
        app, factory, make_client):
    idea = factory.idea()
    people = [factory.user() for _ in range(5)]
    # Everyone supports first; then each sends two removals and two supports at once.
    storm(make_client, people, idea, ["support"] * len(people))
    users = [person for person in people for _ in range(4)]
    actions = ["unsupport", "support", "unsupport", "support"] * len(people)

    codes = storm(make_client, users, idea, actions)

    assert codes == [200] * len(actions)
    rows, count = state(app, idea)
    assert 0 <= rows <= len(people) and count == rows


# --- issue 10.13: a support in flight while its idea is merged ----------------------

def _wait_for_a_blocked_request(app, timeout=20):
    """Until another connection waits for a row lock (PostgreSQL's own view
    of its sessions), so the request is known to be inside the race."""
    with app.app_context():
        engine = db.engine
    with engine.connect() as watcher:
        for _ in range(int(timeout / 0.02)):
            waiting = watcher.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()")).scalar()
            watcher.rollback()
            if waiting:
                return
            threading.Event().wait(0.02)
    raise AssertionError("the support request never waited for the merge")


def merge_racing(app, browser_for, monkeypatch, staff_user, duplicate, target, resident, action):
    """Staff merge duplicate into target; once the merge has done its work but
    not committed, the resident sends action (vote or unvote) on the duplicate,
    which loaded the idea as it was before the merge. The merge commits when
    that request is waiting on the idea's row. Returns the two status codes."""
    merged, release = threading.Event(), threading.Event()
    original = staff_services.mark_ready_for_review

    def pause_before_commit(*args, **kwargs):
        original(*args, **kwargs)
        merged.set()
        assert release.wait(30)

    monkeypatch.setattr(staff_services, "mark_ready_for_review", pause_before_commit)
    staff, supporter = browser_for(staff_user), browser_for(resident)
    with ThreadPoolExecutor(max_workers=2) as pool:
        merging = pool.submit(staff.post, f"/staff/ideas/{duplicate.id}/merge",
                              {"target": str(target.id), "response": "The same idea."})
        assert merged.wait(30)
        supporting = pool.submit(supporter.post, f"/ideas/{duplicate.id}/{action}",
                                 headers={"Accept": "application/json"})
        try:
            _wait_for_a_blocked_request(app)
        finally:
            release.set()
        return merging.result().status_code, supporting.result().status_code


def supporters(app, idea):
    with app.app_context():
        return set(db.session.scalars(select(Support.user_id).where(Support.idea_id == idea.id)))


def needs_row_locks(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite takes the write lock at BEGIN: a merge and a support never overlap")


def test_a_support_sent_while_its_idea_is_merged_counts_for_the_target(
        app, factory, browser_for, monkeypatch, staff_user):
    needs_row_locks(app)
    target, duplicate = factory.idea(), factory.idea()
    early, late = factory.user(), factory.user()
    factory.support(duplicate, early)

    codes = merge_racing(app, browser_for, monkeypatch, staff_user, duplicate, target, late,
                         "vote")

    assert codes[0] == 302
    # Refused as a support on a duplicate is, or carried: never left behind.
    assert supporters(app, duplicate) <= supporters(app, target)
    assert early.id in supporters(app, target)
    assert state(app, duplicate)[0] == state(app, duplicate)[1]
    assert state(app, target)[0] == state(app, target)[1]


def test_a_support_taken_back_while_its_idea_is_merged_is_gone_from_the_target(
        app, factory, browser_for, monkeypatch, staff_user):
    needs_row_locks(app)
    target, duplicate = factory.idea(), factory.idea()
    leaving = factory.user()
    factory.support(duplicate, leaving)

    codes = merge_racing(app, browser_for, monkeypatch, staff_user, duplicate, target, leaving,
                         "unvote")

    assert codes == (302, 200)
    assert leaving.id not in supporters(app, duplicate) | supporters(app, target)
    assert state(app, target) == (0, 0)
