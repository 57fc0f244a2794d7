"""Reading ideas for the public: filters, sorts and pages shared by the
/ideas page, the home page and the JSON API.

Every list is answered from an index, whatever its size: each sort has a
partial index over the ideas anyone may see, ending with the filter
columns, so a page, a filtered page and the count of the list read the
index and not the rows. Pages are bounded offsets: ?page=N works for every
page, and even the last one only walks the index past the ideas before it;
the page's rows are then read by id. Trending has its own module."""
import random
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import BigInteger, cast, func, literal, select

from ..clock import utcnow
from ..extensions import db
from ..models import Challenge, Comment, Idea, IdeaStatus, ServiceArea, Support
from ..pagination import Page
from ..search import IDEA_SORTS, IdeaSearch, clean_query
from ..web import id_arg, page_arg
from . import trending

SORTS = ("random", "supported", "newest", "discussed", "trending")
DEFAULT_SORT = "random"
API_COMMENTS_PER_PAGE = 100
# Largest prime below 2**31: (id * a + b) mod P reorders ids for a given a, b.
SHUFFLE_PRIME = 2_147_483_647
TRENDING_WINDOW = trending.WINDOW
# From this offset on, a page of the random order is found by key range.
RANDOM_RANGE_FROM = 1_000
RANDOM_RANGE_MARGIN = 250

PUBLIC = Idea.hidden_at.is_(None)
FILTER_COLUMNS = (Idea.service_area_id, Idea.challenge_id, Idea.status)
# Each sort's columns, most significant first, all descending.
DESCENDING = {
    "supported": (Idea.support_count, Idea.id),
    "newest": (Idea.created_at, Idea.id),
    "discussed": (Idea.comment_count, Idea.id),
}


@dataclass(frozen=True)
class Browse:
    area: int | None = None
    challenge: int | None = None
    status: str | None = None
    sort: str = DEFAULT_SORT
    page: int = 1
    seed: int = 0

    def args(self, **changes):
        """Query-string arguments for a link to this view (with changes)."""
        view = replace(self, **changes)
        pairs = {
            "area": view.area,
            "challenge": view.challenge,
            "status": view.status,
            "sort": view.sort if view.sort != DEFAULT_SORT else None,
            "page": view.page if view.page != 1 else None,
        }
        return {key: value for key, value in pairs.items() if value is not None}


def parse_browse(args, visitor_seed=0, today=None):
    """Filters and sort from query arguments; anything unusable is ignored."""
    status = args.get("status")
    sort = args.get("sort")
    return Browse(
        area=id_arg(args.get("area")),
        challenge=id_arg(args.get("challenge")),
        status=status if status in {s.value for s in IdeaStatus} else None,
        sort=sort if sort in SORTS else DEFAULT_SORT,
        page=page_arg(args.get("page")),
        seed=daily_seed(visitor_seed, today),
    )


def parse_idea_search(args):
    """An IdeaSearch from query arguments, or None when no text was typed
    (the list is then browsed as usual). The filters are read as /ideas reads them."""
    q = clean_query(args.get("q"))
    if not q:
        return None
    browse = parse_browse(args)
    sort = args.get("sort")
    return IdeaSearch(q=q, area=browse.area, challenge=browse.challenge, status=browse.status,
                      sort=sort if sort in IDEA_SORTS else IDEA_SORTS[0], page=browse.page)


def daily_seed(visitor_seed, today=None):
    """The same order all day for one visitor, a new one tomorrow."""
    today = today or date.today()
    return (int(visitor_seed) * 1_000_003 + today.toordinal()) % SHUFFLE_PRIME


def public_ideas():
    return select(Idea).where(PUBLIC)


def _conditions(browse):
    conditions = [PUBLIC]
    if browse.area:
        conditions.append(Idea.service_area_id == browse.area)
    if browse.challenge:
        conditions.append(Idea.challenge_id == browse.challenge)
    if browse.status:
        conditions.append(Idea.status == browse.status)
    return conditions


def matching_ideas(browse):
    """The ideas anyone may see that match the list's filters (not its sort
    or page), for the staff exports."""
    return select(Idea).where(*_conditions(browse))


def _shuffled(seed):
    rng = random.Random(seed)
    a, b = rng.randrange(1, SHUFFLE_PRIME), rng.randrange(SHUFFLE_PRIME)
    return (cast(Idea.id, BigInteger) * literal(a, BigInteger) + b) % SHUFFLE_PRIME


def _key_range(browse, offset, limit, total):
    """Where a deep page of the random order lies: (low, high, ideas below
    low), or None.

    The keys (id * a + b) mod P are spread evenly over [0, P), so the ideas
    from `offset` on have keys near offset / total * P. One scan counts the
    keys below each end of a range around that point; when the page lies
    inside the range, the page query sorts the few hundred keys in it rather
    than every idea before the page (whose cost grows with the page number).
    If the range misses, None: the full sort, exact as ever."""
    if offset < RANDOM_RANGE_FROM or not total:
        return None
    key = _shuffled(browse.seed)
    low = max(0, (offset - RANDOM_RANGE_MARGIN) * SHUFFLE_PRIME // total)
    high = min(SHUFFLE_PRIME, (offset + limit + RANDOM_RANGE_MARGIN) * SHUFFLE_PRIME // total + 1)
    below_low, below_high = db.session.execute(
        select(func.count().filter(key < low), func.count().filter(key < high))
        .where(*_conditions(browse))
    ).one()
    if below_low > offset or below_high < min(offset + limit, total):
        return None
    return low, high, below_low


def _window(browse, offset, limit, total=None):
    """The ids of one page with their sort keys (k0, k1, ...), chosen from the
    index alone, and how to order them again."""
    query = select(Idea.id.label("idea_id")).where(*_conditions(browse))
    if browse.sort in DESCENDING:
        keys = [(column, True) for column in DESCENDING[browse.sort]]
    elif browse.sort == "trending":
        scores = trending.scores(utcnow())
        query = query.outerjoin(scores, scores.c.idea_id == Idea.id)
        keys = [(func.coalesce(scores.c.score, 0), True), (Idea.created_at, True), (Idea.id, True)]
    else:
        key = _shuffled(browse.seed)
        span = _key_range(browse, offset, limit, total)
        if span is not None:
            low, high, below = span
            query = query.where(key >= low, key < high)
            offset -= below
        keys = [(key, False), (Idea.id, False)]
    window = (
        query.add_columns(*(key.label(f"k{n}") for n, (key, _desc) in enumerate(keys)))
        .order_by(*(key.desc() if desc else key for key, desc in keys))
        .offset(offset).limit(limit)
        .subquery()
    )
    order = [window.c[f"k{n}"].desc() if desc else window.c[f"k{n}"]
             for n, (_key, desc) in enumerate(keys)]
    return window, order


def _page_rows(browse, offset, limit, total=None):
    if browse.sort == "trending":
        ranking = trending.ranking()
        if ranking is not None:
            ids = ranking.view(browse.area, browse.challenge, browse.status)[offset:offset + limit]
            return _in_order(ids)
    window, order = _window(browse, offset, limit, total)
    return db.session.scalars(
        select(Idea).join(window, window.c.idea_id == Idea.id).order_by(*order)
    ).all()


def _in_order(ids):
    """The public ideas among ids, in that order (one may have been hidden
    since the ranking was built)."""
    if not ids:
        return []
    found = {idea.id: idea for idea in db.session.scalars(
        select(Idea).where(Idea.id.in_(list(ids)), PUBLIC))}
    return [found[idea_id] for idea_id in ids if idea_id in found]


def browse_ideas(browse, per_page):
    total = db.session.scalar(select(func.count(Idea.id)).where(*_conditions(browse)))
    rows = _page_rows(browse, (browse.page - 1) * per_page, per_page + 1, total)
    return Page(items=rows[:per_page], number=browse.page, per_page=per_page,
                has_next=len(rows) > per_page, total=total)


def trending_ideas(limit):
    return _page_rows(Browse(sort="trending"), 0, limit)


def get_public_idea(idea_id):
    """An idea anyone may see, or None (hidden ideas are for their author only)."""
    return db.session.scalar(public_ideas().where(Idea.id == idea_id))


def filter_choices():
    """Service areas and challenges to offer in the filters."""
    areas = db.session.scalars(select(ServiceArea).order_by(ServiceArea.name)).all()
    challenges = db.session.scalars(select(Challenge).order_by(Challenge.opens_at.desc())).all()
    return areas, challenges


def support_days(idea):
    """[(day, supports)] given to the idea, by UTC day, oldest first: one
    statement, and none for an idea nobody supports."""
    if not idea.support_count:
        return []
    day = func.date(Support.created_at)
    rows = db.session.execute(
        select(day, func.count()).where(Support.idea_id == idea.id).group_by(day).order_by(day)
    ).all()
    # SQLite answers a string, PostgreSQL a date.
    return [(date.fromisoformat(str(value)[:10]), count) for value, count in rows]


def taking_ideas():
    """Whether the site takes ideas: every idea needs a service area, so not
    until an administrator has added one."""
    return db.session.scalar(select(ServiceArea.id).limit(1)) is not None


def open_challenges():
    now = utcnow()
    return db.session.scalars(
        select(Challenge)
        .where(Challenge.opens_at <= now, Challenge.closes_at > now)
        .order_by(Challenge.closes_at)
    ).all()


def comments_page(idea_id, number, per_page):
    """One page of an idea's comments, oldest first, for the JSON API."""
    total = db.session.scalar(select(func.count(Comment.id)).where(Comment.idea_id == idea_id))
    rows = db.session.scalars(
        select(Comment).where(Comment.idea_id == idea_id).order_by(Comment.created_at, Comment.id)
        .offset((number - 1) * per_page).limit(per_page)
    ).all()
    return Page(items=rows, number=number, per_page=per_page,
                has_next=number * per_page < total, total=total)


def has_supported(user, idea):
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(
        select(func.count()).select_from(Support)
        .where(Support.user_id == user.id, Support.idea_id == idea.id)
    ) > 0
