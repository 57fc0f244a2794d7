"""Reading ideas for the public: filters, sorts and pages shared by the
/ideas page, the home page and the JSON API.

Every list is answered from an index, whatever its size: each sort has a
partial index over the ideas anyone may see, ending with the filter
columns, so a page, a filtered page and the count of the list read the
index and not the rows. Pages are bounded offsets: ?page=N works for every
page, and even the last one only walks the index past the ideas before it;
the page's rows are then read by id. Trending has its own module."""
import functools
import random
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import bindparam, case, func, literal, literal_column, select, union_all

from ..clock import utcnow
from ..extensions import db
from ..models import Challenge, Comment, Idea, IdeaStatus, ServiceArea, Support, User
from ..models.idea import SHUFFLE_KEYS
from ..pagination import ABOUT, EXACT, Page
from ..search import IDEA_SORTS, IdeaSearch, clean_query
from ..web import id_arg, page_arg
from . import trending

SORTS = ("random", "supported", "newest", "discussed", "trending")
DEFAULT_SORT = "random"
API_COMMENTS_PER_PAGE = 100
# Visitors' seeds and the ideas' stored keys lie in [0, SHUFFLE_KEYS).
SHUFFLE_PRIME = SHUFFLE_KEYS
TRENDING_WINDOW = trending.WINDOW
# Lists longer than this show an estimated total ("about 30,000 ideas").
COUNT_EXACT_UP_TO = 1_000

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


def _shape(browse):
    """Which filters a list uses: its statements are built once per shape
    (and sort), with the values as parameters. Building the subqueries of a
    page anew cost more Python than running them."""
    return (browse.area is not None, browse.challenge is not None, browse.status is not None)


def _filters(shape):
    """The list's conditions with its filter values as named parameters."""
    conditions = [PUBLIC]
    for used, column, name in zip(shape, FILTER_COLUMNS, ("area", "challenge", "status"), strict=True):
        if used:
            conditions.append(column == bindparam(name))
    return conditions


def _values(browse, **more):
    return {"area": browse.area, "challenge": browse.challenge, "status": browse.status, **more}


def start_key(seed):
    """Where a seed's order begins in key space. Drawn from the seed rather
    than the seed itself, so tomorrow's order (the next seed) does not start
    one key after today's."""
    return random.Random(seed).randrange(SHUFFLE_KEYS)


def _random_window(conditions):
    """One page of the random order: the ideas by stored shuffle key, from the
    seed's start key up, then wrapping round from key 0. Each half is a range
    of the partial index ix_idea_public_shuffle (which ends with the filter
    columns) read in order and cut at the page's end, so a page reads at most
    twice as far into the index as its own end, like every other sort."""
    def half(number, condition):
        return (select(Idea.id.label("idea_id"), literal(number).label("k0"),
                       Idea.shuffle_key.label("k1"), Idea.id.label("k2"))
                .where(*conditions, condition)
                .order_by(Idea.shuffle_key, Idea.id).limit(bindparam("reach")).subquery())

    start = bindparam("start")
    halves = [half(0, Idea.shuffle_key >= start), half(1, Idea.shuffle_key < start)]
    both = union_all(*(select(part) for part in halves)).subquery()
    window = (select(both).order_by(both.c.k0, both.c.k1, both.c.k2)
              .offset(bindparam("offset")).limit(bindparam("limit")).subquery())
    return window, [window.c.k0, window.c.k1, window.c.k2]


def _window(sort, conditions, now=None):
    """The ids of one page with their sort keys (k0, k1, ...), chosen from the
    index alone, and how to order them again. Trending needs the time `now`."""
    if sort == "random":
        return _random_window(conditions)
    query = select(Idea.id.label("idea_id")).where(*conditions)
    if sort in DESCENDING:
        keys = [(column, True) for column in DESCENDING[sort]]
    elif sort == "trending":
        scores = trending.scores(now)
        query = query.outerjoin(scores, scores.c.idea_id == Idea.id)
        keys = [(func.coalesce(scores.c.score, 0), True), (Idea.created_at, True), (Idea.id, True)]
    window = (
        query.add_columns(*(key.label(f"k{n}") for n, (key, _desc) in enumerate(keys)))
        .order_by(*(key.desc() if desc else key for key, desc in keys))
        .offset(bindparam("offset")).limit(bindparam("limit"))
        .subquery()
    )
    order = [window.c[f"k{n}"].desc() if desc else window.c[f"k{n}"]
             for n, (_key, desc) in enumerate(keys)]
    return window, order


# What the JSON API shows of an idea, as plain columns (as_rows): twenty
# ideas read as objects, with their authors (and partners), areas and
# challenges, cost the API more Python than writing them out.
ROW_COLUMNS = (
    Idea.id, Idea.title, Idea.description, Idea.description_html, Idea.language,
    Idea.service_area_id, ServiceArea.name.label("service_area_name"), Idea.challenge_id,
    Challenge.question.label("challenge_question"), Idea.place, Idea.status,
    Idea.withdrawn_at, Idea.support_count, Idea.comment_count,
    User.display_name.label("author_name"), Idea.created_at, Idea.updated_at,
)


def _selected(as_rows):
    if not as_rows:
        return select(Idea)
    return (select(*ROW_COLUMNS).select_from(Idea)
            .join(ServiceArea, ServiceArea.id == Idea.service_area_id)
            .join(User, User.id == Idea.author_id)
            .outerjoin(Challenge, Challenge.id == Idea.challenge_id))


def _page_statement(sort, shape, now=None, as_rows=False):
    window, order = _window(sort, _filters(shape), now)
    return _selected(as_rows).join(window, window.c.idea_id == Idea.id).order_by(*order)


# Trending's window holds the time, so its statement is built each time.
_kept_page_statement = functools.cache(_page_statement)


def _page_rows(browse, offset, limit, as_rows=False):
    if browse.sort == "trending":
        ranking = trending.ranking()
        if ranking is not None:
            ids = ranking.view(browse.area, browse.challenge, browse.status)[offset:offset + limit]
            return _in_order(ids, as_rows)
    if browse.sort == "trending":
        statement = _page_statement(browse.sort, _shape(browse), utcnow(), as_rows)
    else:
        statement = _kept_page_statement(browse.sort, _shape(browse), as_rows=as_rows)
    values = _values(browse, offset=offset, limit=limit, reach=offset + limit,
                     start=start_key(browse.seed))
    if as_rows:
        return db.session.execute(statement, values).all()
    return db.session.scalars(statement, values).all()


def _in_order(ids, as_rows=False):
    """The public ideas among ids, in that order (one may have been hidden
    since the ranking was built)."""
    if not ids:
        return []
    statement = _selected(as_rows).where(Idea.id.in_(list(ids)), PUBLIC)
    found = db.session.execute(statement).all() if as_rows else db.session.scalars(statement)
    found = {idea.id: idea for idea in found}
    return [found[idea_id] for idea_id in ids if idea_id in found]


@functools.cache
def _count_statement(shape, cap):
    conditions = _filters(shape)
    counted = select(func.count().label("n")).select_from(
        select(Idea.id).where(*conditions).limit(cap + 1).subquery()).subquery()
    kth_key = (select(Idea.shuffle_key).where(*conditions)
               .order_by(Idea.shuffle_key, Idea.id).offset(cap - 1).limit(1).scalar_subquery())
    return select(counted.c.n, case((counted.c.n > cap, kth_key), else_=None))


def count_ideas(browse):
    """How many public ideas match the filters, as (total, EXACT or ABOUT).

    Up to COUNT_EXACT_UP_TO they are counted, reading no further into an
    index than that. Beyond it, the total is estimated from the shuffle keys,
    which are spread uniformly over [0, SHUFFLE_KEYS): if the k-th smallest
    key among the matches is K, about k of every K keys are taken, so there
    are about k * SHUFFLE_KEYS / K matches (the "k minimum values" estimate,
    within about 1 / sqrt(k), 3% here, and shown rounded to two figures). It
    reads the shuffle index until the k-th match, so it costs the same at
    3,000 ideas as at 300,000. One statement: the database evaluates the
    CASE lazily, so the estimate's scan runs only for a long list."""
    cap = COUNT_EXACT_UP_TO
    total, key = db.session.execute(_count_statement(_shape(browse), cap), _values(browse)).one()
    if total <= cap or key is None:
        return total, EXACT
    return max(cap + 1, _two_figures(cap * SHUFFLE_KEYS // (key + 1))), ABOUT


def _two_figures(number):
    digits = max(0, len(str(number)) - 2)
    return round(number, -digits) if digits else number


def browse_ideas(browse, per_page, as_rows=False):
    """A page of ideas; `as_rows`: rows of ROW_COLUMNS, not Idea objects."""
    total, total_is = count_ideas(browse)
    rows = _page_rows(browse, (browse.page - 1) * per_page, per_page + 1, as_rows)
    return Page(items=rows[:per_page], number=browse.page, per_page=per_page,
                has_next=len(rows) > per_page, total=total, total_is=total_is)


def trending_ideas(limit):
    return _page_rows(Browse(sort="trending"), 0, limit)


def get_public_idea(idea_id):
    """An idea anyone may see, or None (hidden ideas are for their author only)."""
    return db.session.scalar(public_ideas().where(Idea.id == idea_id))


def get_public_idea_row(idea_id):
    """get_public_idea as a row of ROW_COLUMNS, or None."""
    return db.session.execute(_selected(True).where(Idea.id == idea_id, PUBLIC)).first()


def filter_choices():
    """Service areas and challenges to offer in the filters."""
    areas = db.session.scalars(select(ServiceArea).order_by(ServiceArea.name)).all()
    challenges = db.session.scalars(select(Challenge).order_by(Challenge.opens_at.desc())).all()
    return areas, challenges


@functools.cache
def _support_weeks_statement(dialect):
    if dialect == "postgresql":
        week = func.date(func.date_trunc(literal_column("'week'"), Support.created_at))
    else:
        # Back six days, then on to the next Monday: the day's own, if it is one.
        week = func.date(Support.created_at, literal_column("'-6 days'"),
                         literal_column("'weekday 1'"))
    return (select(week, func.count()).where(Support.idea_id == bindparam("idea_id"))
            .group_by(week).order_by(week))


def support_weeks(idea):
    """[(Monday, supports)] given to the idea, by UTC week, oldest first: one
    statement, and none for an idea nobody supports. The chart and its
    table show weeks, so the database adds the days up: a popular idea has
    hundreds of days of supports, each a row to read and convert."""
    if not idea.support_count:
        return []
    statement = _support_weeks_statement(db.session.get_bind().dialect.name)
    rows = db.session.execute(statement, {"idea_id": idea.id}).all()
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


# Whether the person (:user_id) supports the idea (:subject_id): a fact of
# the idea page, asked with the idea's own row (idea_with_facts).
SUPPORTED = (select(Support.id).where(Support.idea_id == bindparam("subject_id"),
                                      Support.user_id == bindparam("user_id"))
             .exists().correlate(None).label("supported"))

# The statements of idea_with_facts, one per set of facts (by their labels).
_WITH_FACTS = {}


def idea_with_facts(idea_id, user, facts, load_idea=True):
    """(idea, answers): the idea and what the idea page asks with it, in one
    statement. `facts` are labelled SQL expressions of the idea's id as
    :subject_id and the person's as :user_id (SUPPORTED, and the panels'
    codesign.panels.fact_columns); answers maps each label to its value.
    (None, None) if there is no such idea. With load_idea False, only the
    answers are read (the idea is loaded already), and no statement at all
    for no facts."""
    if not (load_idea or facts):
        return None, {}
    key = (load_idea, *(fact.name for fact in facts))
    statement = _WITH_FACTS.get(key)
    if statement is None:
        statement = _WITH_FACTS[key] = (
            select(Idea, *facts).where(Idea.id == bindparam("subject_id")) if load_idea
            else select(*facts))
    values = {"subject_id": idea_id,
              "user_id": user.id if getattr(user, "is_authenticated", False) else None}
    row = db.session.execute(statement, values).first()
    if row is None:
        return None, None
    answers = dict(zip((fact.name for fact in facts), row[1:] if load_idea else row, strict=True))
    return (row[0] if load_idea else None), answers
