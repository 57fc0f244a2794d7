"""Assisted participation at scale: a few connectors (library and
contact-centre staff among the residents) who entered in-person supports for
residents who are not online, a small share of all supports. Each assisted
resident supports an idea at most once, as the unique constraint demands,
and the idea's counters take the supports in the same transaction. About
six in ten of them answered the profile questions, older and more often
disabled than those online, so the reach report counts them too."""
from sqlalchemy import select, update

from ..formtext import person_key
from ..models import (
    AssistedEntry,
    AssistedReachAnswer,
    AssistedResident,
    Idea,
    ReachPlace,
    Support,
    User,
)
from ..models.assisted import new_reference
from ..models.reach import GROUPS, PLACE, PREFER_NOT
from . import words
from .writer import stamp

RESIDENT_COLUMNS = ("id", "reference", "name", "name_key", "postcode_district",
                    "contact_email", "contact_phone", "locale", "connector_id", "agreed_at",
                    "created_at")
ENTRY_COLUMNS = ("id", "kind", "resident_id", "connector_id", "idea_id", "comment_id",
                 "channel", "place", "agreed", "created_at")
SUPPORT_COLUMNS = ("id", "user_id", "assisted_resident_id", "idea_id", "created_at",
                   "via_idea_id")
CHANNELS = ("desk", "phone", "paper", "event")
PLACES = ("Central Library", "Contact centre", "Community hub drop-in", "Residents' forum")
DISTRICTS = ("CF10", "CF11", "CF14", "CF23", "CF24", "CF3", "CF5")
ANSWER_RATE = 0.6
ANSWER_COLUMNS = ("id", "resident_id", "question", "service_area_id", "value", "place_id",
                  "answered_at")
# In the order of GROUPS (codesign/models/reach.py): residents helped in person
# are older and more often disabled than those online.
WEIGHTS = {
    "age": (0, 2, 5, 12, 21, 28, 32),
    "disability": (45, 55),
    "ethnicity": (10, 5, 2, 80, 3),
}


def _pick(rng, question):
    if rng.random() < 0.08:
        return PREFER_NOT
    return rng.choices(GROUPS[question], WEIGHTS[question])[0]


def _answers(rng, residents, places, now):
    """Rows of assisted_reach_answer for about ANSWER_RATE of the residents."""
    for resident_id in residents:
        if rng.random() >= ANSWER_RATE:
            continue
        for question in ("age", "disability", "ethnicity"):
            yield (resident_id, question, None, _pick(rng, question), None, now)
        if places:
            yield (resident_id, "place", None, PLACE, rng.choice(places), now)


def write_assisted(world, writer, supports):
    """About one support in fifty, given in person; returns how many."""
    rng, connection = world.rng, writer.connection
    wanted = supports // 50
    # The first few residents work at libraries and the contact centre.
    connectors = connection.scalars(
        select(User.id).where(User.role == "resident", User.blocked_at.is_(None))
        .order_by(User.id).limit(5)).all()
    ideas = connection.scalars(
        select(Idea.id).where(Idea.hidden_at.is_(None), Idea.withdrawn_at.is_(None),
                              Idea.duplicate_of_id.is_(None)).order_by(Idea.id)).all()
    if not wanted or not connectors or not ideas:
        return 0
    connection.execute(update(User).where(User.id.in_(connectors)).values(role="connector"))
    now = world.now
    first = {table: writer.next_id(table.__table__)
             for table in (AssistedResident, AssistedEntry, Support)}
    people, entries, rows, per_idea = [], [], [], {}
    while len(rows) < wanted:
        resident_id, connector = first[AssistedResident] + len(people), rng.choice(connectors)
        name = f"{words.person(rng)} {len(people) + 1}"
        people.append((resident_id, new_reference(), name, person_key(name),
                       rng.choice(DISTRICTS), None, None, "en", connector, stamp(now),
                       stamp(now)))
        for idea_id in rng.sample(ideas, min(len(ideas), rng.randint(1, 5))):
            if len(rows) >= wanted:
                break
            channel = rng.randrange(len(CHANNELS))
            rows.append((first[Support] + len(rows), None, resident_id, idea_id, stamp(now),
                         None))
            entries.append((first[AssistedEntry] + len(entries), "support", resident_id,
                            connector, idea_id, None, CHANNELS[channel], PLACES[channel], True,
                            stamp(now)))
            per_idea[idea_id] = per_idea.get(idea_id, 0) + 1
    writer.insert(AssistedResident.__table__, RESIDENT_COLUMNS, iter(people))
    writer.insert(Support.__table__, SUPPORT_COLUMNS, iter(rows))
    writer.insert(AssistedEntry.__table__, ENTRY_COLUMNS, iter(entries))
    places = connection.scalars(select(ReachPlace.id).order_by(ReachPlace.id)).all()
    first_answer = writer.next_id(AssistedReachAnswer.__table__)
    answers = (
        (first_answer + n, *row) for n, row in enumerate(
            _answers(rng, [person[0] for person in people], places, stamp(now))))
    writer.insert(AssistedReachAnswer.__table__, ANSWER_COLUMNS, answers,
                  total=len(people) * 4)
    writer.update(Idea.__table__, ("in_person_support_count",),
                  [(added, idea_id) for idea_id, added in per_idea.items()])
    for idea_id, added in per_idea.items():
        connection.execute(update(Idea).where(Idea.id == idea_id)
                           .values(support_count=Idea.support_count + added))
    return len(rows)
