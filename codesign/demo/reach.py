"""The demo's reach report (codesign/reach): the questions asked, six wards,
the census-like reference population, and answers from the demo's residents
and from 150 library users who each supported one idea in their service
area, so the report has groups large enough to show and some too small.

The library users' supports go through ideas.services.add_support, like
anyone's, so the counts agree with the rows; an idea is never taken to the
review threshold by them, so the staff queue's story is unchanged."""
import secrets

from flask import current_app
from sqlalchemy import select

from ..auth.passwords import hash_password
from ..extensions import db
from ..ideas.services import add_support
from ..models import Idea, ReachAnswer, ServiceArea, User
from ..models.reach import PLACE, QUESTIONS
from ..reach import services as reach

WARDS = ("Riverside", "Hillside", "Old Town", "Northgate", "Meadowbank", "Harbour")
LIBRARY_USERS = 150

# Shares of the population, in per cent (made up, census-like), and the
# weights the demo's participants answer with: older, white and Riverside
# people are heard more than their share; the young and Harbour less.
REFERENCE = {
    "age": {"16_24": 13, "25_34": 17, "35_49": 24, "50_64": 23, "65_74": 13, "75_over": 10},
    "disability": {"yes": 18, "no": 82},
    "ethnicity": {"asian": 9.6, "black": 4.0, "mixed": 3.0, "white": 81.7, "other": 1.7},
}
PLACE_SHARES = (22, 18, 15, 17, 13, 15)
WEIGHTS = {
    "age": {"16_24": 3, "25_34": 12, "35_49": 22, "50_64": 28, "65_74": 24, "75_over": 11,
            "prefer_not": 4},
    "disability": {"yes": 20, "no": 70, "prefer_not": 6},
    "ethnicity": {"asian": 9, "black": 3, "mixed": 2, "white": 80, "other": 1, "prefer_not": 5},
    "service_use": {"yes": 70, "no": 25, "prefer_not": 5},
}
PLACE_WEIGHTS = (34, 18, 16, 14, 12, 4)
ANSWER_RATE = 0.85


def _choice(rng, weights):
    values = list(weights)
    return rng.choices(values, [weights[v] for v in values])[0]


def _library_users(rng, now):
    """Residents who each supported one idea of a service area, up to one
    below the review threshold on any idea."""
    threshold = current_app.config["IDEA_REVIEW_THRESHOLD"]
    ideas = db.session.scalars(
        select(Idea).join(ServiceArea).where(
            Idea.withdrawn_at.is_(None), Idea.hidden_at.is_(None),
            Idea.duplicate_of_id.is_(None), Idea.ready_for_review_at.is_(None))
        .order_by(ServiceArea.name == "Libraries", Idea.id)).all()
    ideas.reverse()  # Libraries' ideas first
    password = hash_password(secrets.token_urlsafe(24))
    people = []
    for n in range(1, LIBRARY_USERS + 1):
        user = User(email=f"library.user{n:03d}@example.org", display_name=f"Library user {n}",
                    password_hash=password, created_at=now, confirmed_at=now)
        db.session.add(user)
        db.session.flush()
        people.append(user)
        for idea in ideas:
            if idea.support_count < threshold - 1:
                add_support(user, idea)
                break
    return people


def add_demo_reach(rng, now):
    reach.set_asked_questions(QUESTIONS)
    places = [reach.add_place(name) for name in WARDS]
    for question, shares in REFERENCE.items():
        reach.save_reference(question, None, {(v, None): s for v, s in shares.items()},
                             "Census 2021 (demo figures)", 2021)
    reach.save_reference("place", None, {
        (PLACE, place.id): share for place, share in zip(places, PLACE_SHARES, strict=True)},
        "Census 2021 (demo figures)", 2021)
    libraries = db.session.scalar(select(ServiceArea).where(ServiceArea.name == "Libraries"))
    if libraries is not None:
        reach.save_reference("service_use", libraries, {("yes", None): 45, ("no", None): 55},
                             "Library membership records (demo figures)", 2025)
    _library_users(rng, now)
    areas = db.session.scalars(select(ServiceArea.id).order_by(ServiceArea.id)).all()
    residents = db.session.scalars(select(User).where(User.role == "resident")
                                   .order_by(User.id)).all()
    for user in residents:
        for question in ("age", "disability", "ethnicity"):
            if rng.random() < ANSWER_RATE:
                db.session.add(ReachAnswer(user_id=user.id, question=question,
                                           value=_choice(rng, WEIGHTS[question])))
        if rng.random() < ANSWER_RATE:
            if rng.random() < 0.05:
                db.session.add(ReachAnswer(user_id=user.id, question="place",
                                           value="prefer_not"))
            else:
                place = rng.choices(places, PLACE_WEIGHTS)[0]
                db.session.add(ReachAnswer(user_id=user.id, question="place", value=PLACE,
                                           place_id=place.id))
        for area_id in areas:
            if rng.random() < ANSWER_RATE * 0.7:
                db.session.add(ReachAnswer(user_id=user.id, question="service_use",
                                           service_area_id=area_id,
                                           value=_choice(rng, WEIGHTS["service_use"])))
    db.session.flush()
