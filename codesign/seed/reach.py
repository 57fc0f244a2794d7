"""Answers to the profile questions at scale (codesign/reach): every question
asked, twenty wards, a site-wide reference population, and answers from
about six residents in ten, skewed so the reach report shows gaps (the
young and two wards under-represented)."""
from datetime import datetime, timezone

from ..models import (
    ReachAnswer,
    ReachPlace,
    ReachQuestion,
    ReachReference,
    ReachReferenceShare,
)
from ..models.reach import GROUPS, PLACE, PREFER_NOT, QUESTIONS
from .writer import stamp

WARDS = 20
ANSWER_RATE = 0.6
REFERENCE = {
    "age": {"under_16": 0, "16_24": 13, "25_34": 17, "35_49": 24, "50_64": 23, "65_74": 13,
            "75_over": 10},
    "disability": {"yes": 18, "no": 82},
    "ethnicity": {"asian": 9.6, "black": 4.0, "mixed": 3.0, "white": 81.7, "other": 1.7},
}
WEIGHTS = {
    "age": (0, 4, 14, 24, 28, 20, 10),
    "disability": (20, 80),
    "ethnicity": (8, 3, 2, 86, 1),
    "service_use": (70, 30),
}


def _pick(rng, question):
    if rng.random() < 0.05:
        return PREFER_NOT
    return rng.choices(GROUPS[question], WEIGHTS[question])[0]


def write_reach(world, writer):
    rng = world.rng
    now = stamp(world.now)
    asked = datetime.fromtimestamp(world.now, timezone.utc).replace(tzinfo=None)
    # Five rows keyed by name, not id: a plain INSERT, so the writer does not
    # look for an id sequence to move on.
    writer.connection.execute(ReachQuestion.__table__.insert(),
                              [{"key": key, "asked_since": asked} for key in QUESTIONS])
    first_place = writer.next_id(ReachPlace.__table__)
    places = [first_place + i for i in range(WARDS)]
    writer.insert(ReachPlace.__table__, ("id", "name", "created_at"),
                  [(place, f"Ward {n + 1}", now) for n, place in enumerate(places)])
    first_ref = writer.next_id(ReachReference.__table__)
    first_share = writer.next_id(ReachReferenceShare.__table__)
    references, shares = [], []
    place_shares = {(PLACE, place): round(100 / WARDS, 2) for place in places}
    for n, (question, groups) in enumerate(
            [*((q, {(v, None): s for v, s in g.items()}) for q, g in REFERENCE.items()),
             ("place", place_shares)]):
        references.append((first_ref + n, question, None, "Census 2021 (seeded figures)", 2021,
                           now))
        for (value, place_id), share in groups.items():
            shares.append((first_share + len(shares), first_ref + n, value, place_id, share))
    writer.insert(ReachReference.__table__,
                  ("id", "question", "service_area_id", "source", "year", "updated_at"),
                  references)
    writer.insert(ReachReferenceShare.__table__,
                  ("id", "reference_id", "value", "place_id", "share"), shares)
    # The last two wards are heard least.
    place_weights = [3] * (WARDS - 2) + [1, 1]
    areas = [area_id for area_id, _name in world.areas]
    first = writer.next_id(ReachAnswer.__table__)

    def rows():
        n = first
        for user_id in world.residents:
            if rng.random() >= ANSWER_RATE:
                continue
            for question in ("age", "disability", "ethnicity"):
                yield (n, user_id, question, None, _pick(rng, question), None, now)
                n += 1
            place = rng.choices(places, place_weights)[0]
            yield (n, user_id, "place", None, PLACE, place, now)
            n += 1
            if areas:
                yield (n, user_id, "service_use", rng.choice(areas),
                       _pick(rng, "service_use"), None, now)
                n += 1

    writer.insert(ReachAnswer.__table__, ("id", "user_id", "question", "service_area_id",
                                          "value", "place_id", "answered_at"),
                  rows(), total=len(world.residents) * 5)
