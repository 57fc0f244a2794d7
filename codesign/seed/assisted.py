"""Assisted participation at scale: a few connectors (library and
contact-centre staff among the residents) who entered in-person supports for
residents who are not online, a small share of all supports. Each assisted
resident supports an idea at most once, as the unique constraint demands,
and the idea's counters take the supports in the same transaction."""
from sqlalchemy import select, update

from ..formtext import person_key
from ..models import AssistedEntry, AssistedResident, Idea, Support, User
from ..models.assisted import new_reference
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
    writer.update(Idea.__table__, ("in_person_support_count",),
                  [(added, idea_id) for idea_id, added in per_idea.items()])
    for idea_id, added in per_idea.items():
        connection.execute(update(Idea).where(Idea.id == idea_id)
                           .values(support_count=Idea.support_count + added))
    return len(rows)
