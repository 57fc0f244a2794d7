"""Reading ideas for the public: filters, sorts and pages shared by the
/ideas page, the home page and the JSON API."""
import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import BigInteger, case, cast, func, literal, select, union_all

from ..clock import utcnow
from ..extensions import db
from ..models import Challenge, Comment, Idea, IdeaStatus, ServiceArea, Vote

SORTS = ("random", "supported", "newest", "discussed", "trending")
DEFAULT_SORT = "random"
MAX_PAGE = 10_000
MAX_ID = 2**31 - 1
# Largest prime below 2**31: (id * a + b) mod P reorders ids for a given a, b.
SHUFFLE_PRIME = 2_147_483_647
TRENDING_WINDOW = timedelta(days=14)


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


@dataclass
class Page:
    items: list
    number: int
    per_page: int
    has_next: bool
    total: int

    @property
    def has_prev(self):
        return self.number > 1


def _is_number(value):
    # str.isdigit() also accepts "²" and the like, which int() then refuses, and
    # int() refuses strings of more than 4,300 digits.
    return isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18


def _id_arg(value):
    if not _is_number(value):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def parse_browse(args, visitor_seed=0, today=None):
    """Filters and sort from query arguments; anything unusable is ignored."""
    status = args.get("status")
    sort = args.get("sort")
    page = args.get("page", "1")
    return Browse(
        area=_id_arg(args.get("area")),
        challenge=_id_arg(args.get("challenge")),
        status=status if status in {s.value for s in IdeaStatus} else None,
        sort=sort if sort in SORTS else DEFAULT_SORT,
        page=min(int(page), MAX_PAGE) if _is_number(page) and int(page) >= 1 else 1,
        seed=daily_seed(visitor_seed, today),
    )


def daily_seed(visitor_seed, today=None):
    """The same order all day for one visitor, a new one tomorrow."""
    today = today or date.today()
    return (int(visitor_seed) * 1_000_003 + today.toordinal()) % SHUFFLE_PRIME


def public_ideas():
    return select(Idea).where(Idea.hidden_at.is_(None))


def _filtered(browse):
    query = public_ideas()
    if browse.area:
        query = query.where(Idea.service_area_id == browse.area)
    if browse.challenge:
        query = query.where(Idea.challenge_id == browse.challenge)
    if browse.status:
        query = query.where(Idea.status == browse.status)
    return query


def _trending_scores(now):
    """Recent supports and comments per idea, each worth less as it ages."""
    since = now - TRENDING_WINDOW
    activity = union_all(
        select(Vote.idea_id.label("idea_id"), Vote.created_at.label("at"))
        .where(Vote.created_at >= since),
        select(Comment.idea_id, Comment.created_at)
        .where(Comment.created_at >= since, Comment.deleted_at.is_(None),
               Comment.hidden_at.is_(None)),
    ).subquery()
    weight = case(
        (activity.c.at >= now - timedelta(days=1), 8),
        (activity.c.at >= now - timedelta(days=3), 4),
        (activity.c.at >= now - timedelta(days=7), 2),
        else_=1,
    )
    return (
        select(activity.c.idea_id, func.sum(weight).label("score"))
        .group_by(activity.c.idea_id)
        .subquery()
    )


def _ordered(query, browse):
    if browse.sort == "supported":
        return query.order_by(Idea.vote_count.desc(), Idea.id.desc())
    if browse.sort == "newest":
        return query.order_by(Idea.created_at.desc(), Idea.id.desc())
    if browse.sort == "discussed":
        return query.order_by(Idea.comment_count.desc(), Idea.id.desc())
    if browse.sort == "trending":
        scores = _trending_scores(utcnow())
        return query.outerjoin(scores, scores.c.idea_id == Idea.id).order_by(
            func.coalesce(scores.c.score, 0).desc(), Idea.created_at.desc(), Idea.id.desc()
        )
    rng = random.Random(browse.seed)
    a, b = rng.randrange(1, SHUFFLE_PRIME), rng.randrange(SHUFFLE_PRIME)
    shuffled = (cast(Idea.id, BigInteger) * literal(a, BigInteger) + b) % SHUFFLE_PRIME
    return query.order_by(shuffled, Idea.id)


def browse_ideas(browse, per_page):
    query = _filtered(browse)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(
        _ordered(query, browse).offset((browse.page - 1) * per_page).limit(per_page + 1)
    ).all()
    return Page(items=rows[:per_page], number=browse.page, per_page=per_page,
                has_next=len(rows) > per_page, total=total)


def trending_ideas(limit):
    return browse_ideas(Browse(sort="trending"), limit).items


def get_public_idea(idea_id):
    """An idea anyone may see, or None (hidden ideas are for their author only)."""
    return db.session.scalar(public_ideas().where(Idea.id == idea_id))


def filter_choices():
    """Service areas and challenges to offer in the filters."""
    areas = db.session.scalars(select(ServiceArea).order_by(ServiceArea.name)).all()
    challenges = db.session.scalars(select(Challenge).order_by(Challenge.opens_at.desc())).all()
    return areas, challenges


def open_challenges():
    now = utcnow()
    return db.session.scalars(
        select(Challenge)
        .where(Challenge.opens_at <= now, Challenge.closes_at > now)
        .order_by(Challenge.closes_at)
    ).all()


def comment_tree(idea_id):
    """All comments of an idea, in one query, as (comment, replies) trees."""
    comments = db.session.scalars(
        select(Comment).where(Comment.idea_id == idea_id).order_by(Comment.created_at, Comment.id)
    ).all()
    children = {}
    for comment in comments:
        children.setdefault(comment.parent_id, []).append(comment)

    def build(parent_id):
        return [(comment, build(comment.id)) for comment in children.get(parent_id, [])]

    return build(None)


def has_supported(user, idea):
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(
        select(func.count()).select_from(Vote).where(Vote.user_id == user.id, Vote.idea_id == idea.id)
    ) > 0
