"""Ideas and their supports.

Supports per idea follow a Zipf-like law (allocate.zipf_weights), shared out
exactly, each idea capped by the residents who could have supported it: those
who joined before its supports stopped (withdrawn, hidden, merged or now),
less its author. Each idea's supporters are then drawn without replacement,
so no (user, idea) pair repeats. A merged duplicate's supporters are carried
onto the idea it was merged into (Support.via_idea_id), as the merge does."""
import heapq
import random

from ..models import HideReason, Idea, Support
from ..models.idea import SHUFFLE_KEYS
from . import words
from .allocate import SeedError, allocate, zipf_weights
from .world import DAY, IdeaPlan
from .writer import html, stamp

IDEA_COLUMNS = ("id", "title", "description", "description_html", "service_area_id", "challenge_id", "place",
                "author_id", "status", "created_at", "updated_at", "withdrawn_at", "hidden_at",
                "hidden_reason", "hidden_note", "support_count", "comment_count", "shuffle_key",
                "language")
SUPPORT_COLUMNS = ("id", "user_id", "idea_id", "created_at", "via_idea_id")
WITHDRAWN, HIDDEN, DUPLICATE = 0.02, 0.015, 0.03
MODERATOR_REASONS = [r.value for r in HideReason if r is not HideReason.REPORTED]
# Someone who supported the duplicate and, separately, the idea it joined.
SUPPORTED_BOTH = 0.15
# The share of ideas (and of comments: threads.py) written in Welsh.
WELSH = 0.05


def _flags(rng, count):
    """Which ideas are withdrawn, hidden and merged: exact shares, and at least
    one of each from ten ideas up, so even a small seed shows every case.
    Duplicates come after the first tenth, so there are earlier ideas to join."""
    if count < 10:
        return set(), set(), set()
    merged = set(rng.sample(range(count // 10, count), max(1, round(count * DUPLICATE))))
    rest = [i for i in range(count) if i not in merged]
    picked = rng.sample(rest, max(1, round(count * WITHDRAWN)) + max(1, round(count * HIDDEN)))
    split = max(1, round(count * WITHDRAWN))
    return set(picked[:split]), set(picked[split:]), merged


def plan_ideas(world, count, first_id):
    rng = world.rng
    low = max(world.start + DAY, world.joined[0] + 3600)
    high = world.now - 2 * 3600
    withdrawn, hidden, merged = _flags(rng, count)
    latest = world.now - 3600
    for index in range(count):
        created = low + int((high - low) * (index + rng.random()) / count)
        idea = IdeaPlan(first_id + index, created, world.resident_at(created - 60))
        open_now = [c for c in world.challenges if c[2] <= created < c[3]]
        if open_now and rng.random() < 0.35:
            idea.challenge, idea.area = rng.choice(open_now)[:2]
        else:
            idea.area = rng.choice(world.areas)[0]
        if index in withdrawn:
            idea.withdrawn_at = world.between(created + 600, min(created + 90 * DAY, latest))
        elif index in hidden:
            idea.hidden_at = world.between(created + 600, min(created + 30 * DAY, latest))
            # Hidden by reports needs enough different people to have reported it.
            reporters = world.joined_by(idea.hidden_at - 60) - 1
            idea.hidden_reason = ("reported" if rng.random() < 0.3 and reporters >= world.report_threshold
                                  else rng.choice(MODERATOR_REASONS))
        elif index in merged:
            idea.merged_at = world.between(created + 600, min(created + 60 * DAY, latest))
        ends = [t for t in (idea.withdrawn_at, idea.hidden_at, idea.merged_at) if t]
        idea.support_end = min(ends + [world.now - 60])
        idea.comment_end = min(t for t in (idea.hidden_at, world.now - 60) if t)
        world.ideas.append(idea)


def _capacity(world, idea):
    if idea.support_end - 120 <= idea.created:
        return 0
    return world.joined_by(idea.support_end - 60) - 1  # less the author


def share_supports(world, total):
    """How many supports each idea gets. Duplicates get shares from the quiet
    half, so the popular idea they are merged into has room for their supporters."""
    rng = world.rng
    weights = sorted(zipf_weights(len(world.ideas), rng))
    merged = sum(1 for idea in world.ideas if idea.merged_at)
    picked = set(rng.sample(range(max(len(weights) // 2, merged)), merged))
    quiet = [w for i, w in enumerate(weights) if i in picked]
    others = [w for i, w in enumerate(weights) if i not in picked]
    rng.shuffle(quiet)
    rng.shuffle(others)
    quiet, others = iter(quiet), iter(others)
    ordered = [next(quiet) if idea.merged_at else next(others) for idea in world.ideas]
    caps = [_capacity(world, idea) for idea in world.ideas]
    try:
        shares = allocate(total, ordered, caps, "supports")
    except SeedError as error:
        raise SeedError(f"{error} Each resident supports an idea at most once, after joining and "
                        "while it takes supports: ask for fewer --supports or more --users.") from None
    for idea, supports in zip(world.ideas, shares, strict=False):
        idea.supports = supports
    _choose_targets(world)


def _choose_targets(world):
    """Merge each duplicate into an earlier, live idea with room for its
    supporters; one with no such idea was simply closed by staff instead."""
    rng = world.rng
    room = {id(idea): idea.supports for idea in world.ideas}
    for index, idea in enumerate(world.ideas):
        if not idea.merged_at:
            continue
        earlier = [other for other in rng.sample(world.ideas[:index], min(index, 40))
                   if not (other.merged_at or other.hidden_at or other.withdrawn_at)
                   and room[id(other)] >= idea.supports]
        if earlier:
            target = max(earlier, key=lambda other: (other.area == idea.area, other.supports))
            idea.target = target
            room[id(target)] -= idea.supports
        else:
            idea.history.append(("published", "not_taken_forward", idea.merged_at))


def write_ideas(world, writer):
    rng = world.rng
    # Its own generator, so the keys leave the rest of the seeded world as it was.
    keys = random.Random(len(world.ideas))
    # So are the ideas in Welsh: their own generator, the rest's text unchanged.
    welsh = random.Random(len(world.ideas) + 1)

    def rows():
        for idea in world.ideas:
            hidden_note = None
            if idea.hidden_reason and idea.hidden_reason != "reported":
                hidden_note = rng.choice(words.HIDE_NOTES) or None
            idea.title = words.title(rng)
            description = words.description(rng)
            language = "en"
            if welsh.random() < WELSH:
                idea.title, description = words.welsh_title(welsh), words.welsh_description(welsh)
                language = "cy"
            yield (idea.id, idea.title, description, html(description), idea.area, idea.challenge,
                   words.place(rng) if rng.random() < 0.6 else None, idea.author, "published",
                   stamp(idea.created), stamp(idea.created), idea.withdrawn_at and stamp(idea.withdrawn_at),
                   idea.hidden_at and stamp(idea.hidden_at), idea.hidden_reason, hidden_note,
                   idea.supports, 0, keys.randrange(SHUFFLE_KEYS), language)

    writer.insert(Idea.__table__, IDEA_COLUMNS, rows(), total=len(world.ideas))


def _draw(world, idea, count, taken):
    """count residents who joined before the idea's supports stopped, none in
    taken and not the author: (user, when, via, joined)."""
    rng = world.rng
    if count <= 0:
        return []
    pool = world.joined_by(idea.support_end - 60)
    picked = []
    for position in rng.sample(range(pool), min(pool, count + len(taken) + 1)):
        user = world.residents[position]
        if user != idea.author and user not in taken:
            low = max(idea.created, world.joined[position]) + 60
            picked.append((user, world.between(low, idea.support_end, skew=2.0), None,
                           world.joined[position]))
            if len(picked) == count:
                break
    return picked


def _supports_for(world, idea, carried):
    """(user, when, via idea id, joined) for each support on idea."""
    rows = []
    for user, (via, supported_at, joined) in carried.items():
        if world.rng.random() < SUPPORTED_BOTH:
            low = max(idea.created, joined) + 60
            rows.append((user, world.between(low, idea.support_end, skew=2.0), None, joined))
        else:
            rows.append((user, supported_at, via, joined))
    return rows + _draw(world, idea, idea.supports - len(rows), carried)


def support_rows(world, first_id):
    """Every support, duplicates' first so their supporters can be carried."""
    carried = {}  # id(target) -> {user: (duplicate id, supported at, joined)}
    order = [i for i in world.ideas if i.target] + [i for i in world.ideas if not i.target]
    next_id = first_id
    for idea in order:
        rows = _supports_for(world, idea, carried.pop(id(idea), {}))
        if idea.target:
            # As the merge does: one carried support per person, from the
            # lowest-numbered duplicate, dated by their earliest support.
            into = carried.setdefault(id(idea.target), {})
            for user, when, _via, joined in rows:
                via, earliest, _joined = into.get(user, (idea.id, when, joined))
                into[user] = (via, min(when, earliest), joined)
        times = [row[1] for row in rows]
        if len(times) >= world.review_threshold:
            idea.ready_at = heapq.nsmallest(world.review_threshold, times)[-1]
        for user, when, via, _joined in rows:
            idea.engage(user, when)
            yield (next_id, user, idea.id, stamp(when), via)
            next_id += 1


def write_supports(world, writer, total):
    writer.insert(Support.__table__, SUPPORT_COLUMNS, support_rows(world, writer.next_id(Support.__table__)),
                  total=total)
