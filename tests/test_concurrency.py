"""Many support requests at the same moment: the count always equals the rows.

Each thread has its own test client (its own session and cookie jar), fetches
its CSRF token first, then all threads POST together at a barrier.
"""
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from codesign.extensions import db
from codesign.models import Idea, Support
from conftest import csrf_token, sign_in

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
