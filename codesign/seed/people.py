"""Accounts, service areas and challenges."""
import secrets

from sqlalchemy import select

from ..formtext import name_key
from ..models import Challenge, ServiceArea, User
from . import words
from .allocate import SeedError
from .world import DAY
from .writer import html, stamp

USER_COLUMNS = ("id", "email", "email_mailbox", "display_name", "display_name_key",
                "password_hash", "role", "created_at", "confirmed_at", "session_token",
                "blocked_at", "email_preference")
PREFERENCES = (("daily", 0.7), ("immediate", 0.9), ("off", 1.0))  # cumulative shares


def _roles(count):
    """A few of each staff role first (the accounts set up at launch), then residents."""
    admins, staff, moderators = 2, max(2, count // 25_000), max(2, count // 20_000)
    return ["admin"] * admins + ["staff"] * staff + ["moderator"] * moderators


class UniqueNames:
    """Display names are one per account: the second "Ana García" is "Ana
    García 2". Counts per drawn name (a few thousand), not a set of every
    name given, so memory stays flat at millions of accounts; the accounts
    already in the database (a few, made by hand) are stepped round."""

    def __init__(self, taken):
        self.taken = taken
        self.drawn = {}

    def __call__(self, name):
        number = self.drawn.get(name, 0)
        while True:
            number += 1
            candidate = name if number == 1 else f"{name} {number}"
            if name_key(candidate) not in self.taken:
                self.drawn[name] = number
                return candidate


def write_users(world, writer, count, password_hash):
    rng = world.rng
    first = writer.next_id(User.__table__)
    unique_name = UniqueNames(set(writer.connection.scalars(select(User.display_name_key))))
    roles = _roles(count)
    residents = count - len(roles)
    blocked = set(rng.sample(range(len(roles), count), max(1, count // 1000)))
    if residents - len(blocked) < 2:
        raise SeedError(f"--users {count} leaves too few residents: ask for at least 20.")
    span = world.now - DAY - world.start

    def rows():
        for index in range(count):
            user_id = first + index
            role = roles[index] if index < len(roles) else "resident"
            if index < len(roles):
                created = world.start + index * 60
            else:
                created = world.start + int(span * (index + rng.random()) / count)
            blocked_at = None
            if index in blocked:
                blocked_at = world.between(max(created + DAY, world.now - 180 * DAY), world.now - 3600)
                world.blocked.append((user_id, created, blocked_at))
            elif role == "resident":
                world.residents.append(user_id)
                world.joined.append(created)
            else:
                world.moderators.append(user_id)
                if role in ("staff", "admin"):
                    world.staff.append(user_id)
            roll = rng.random()
            preference = next(name for name, upto in PREFERENCES if roll < upto)
            email, name = f"user{user_id}@example.invalid", unique_name(words.person(rng))
            yield (user_id, email, email, name, name_key(name), password_hash,
                   role, stamp(created), stamp(created + rng.randint(60, 3600)),
                   secrets.token_urlsafe(16), blocked_at and stamp(blocked_at), preference)

    writer.insert(User.__table__, USER_COLUMNS, rows(), total=count)


def write_areas_and_challenges(world, writer, idea_count):
    rng = world.rng
    first_area = writer.next_id(ServiceArea.__table__)
    chosen = words.AREAS[:rng.randint(8, 12)]
    world.areas = [(first_area + i, name) for i, (name, _) in enumerate(chosen)]
    writer.insert(ServiceArea.__table__, ("id", "name", "description", "description_html",
                                          "created_at"), [
        (first_area + i, name, description, html(description), stamp(world.start))
        for i, (name, description) in enumerate(chosen)
    ])

    first = writer.next_id(Challenge.__table__)
    count = max(20, min(100, idea_count // 500))
    still_open = max(3, count // 5)
    rows = []
    for i in range(count):
        area_id, area_name = rng.choice(world.areas)
        if i >= count - still_open:
            opens = world.between(world.now - 60 * DAY, world.now - DAY)
            closes = world.between(world.now + 7 * DAY, world.now + 90 * DAY)
        else:
            opens = world.between(world.start + 3 * DAY, world.now - 40 * DAY)
            closes = min(opens + rng.randint(30, 120) * DAY, world.now - DAY)
        world.challenges.append((first + i, area_id, opens, closes))
        description = words.description(rng)
        rows.append((first + i, words.challenge_question(rng, area_name),
                     description, html(description), area_id, stamp(opens), stamp(closes),
                     stamp(opens - 2 * DAY)))
    writer.insert(Challenge.__table__, ("id", "question", "description", "description_html",
                                        "service_area_id", "opens_at", "closes_at", "created_at"),
                  rows)
