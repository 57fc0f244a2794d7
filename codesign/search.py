"""Full-text search over ideas and proposals, on both databases.

Migration 0003 builds the indexes: on SQLite, external-content FTS5 tables
(idea_fts, proposal_fts) kept in step with the rows by triggers; on
PostgreSQL, a generated tsvector column `search_vector` with a GIN index. Both
weight the title above the other text. Hidden ideas stay in the index and are
left out here, when the index is joined with the rows, so hiding, restoring,
editing and merging need nothing from this module.

Ideas in Welsh are not stemmed as English (migration 0019): on SQLite they
are in a second FTS5 table, idea_cy_fts, tokenised without porter, and a
search reads both tables; on PostgreSQL a Welsh idea's vector is built with
the `simple` configuration, and each idea is matched by the query built with
the configuration of its language.

Typed text never reaches either query language as syntax: it is cut into
words, and each word is quoted (FTS5) or single-quoted (tsquery), so
operators, quotes and punctuation are only ever searched for, or dropped.
"""
import re
from dataclasses import dataclass, replace

from sqlalchemy import case, column, func, literal_column, select, table, union_all

from .extensions import db
from .models import Idea, IdeaStatus, Playbook, Proposal, ProposalStatus
from .pagination import EXACT, MORE_THAN, Page

QUERY_MAX = 200
TERMS_MAX = 16
IDEA_SORTS = ("relevance", "supported", "newest", "discussed")
SIMILAR_LIMIT = 5
# Matching ideas are counted up to this; more are shown as "more than 1,000".
COUNT_UP_TO = 1_000
# Letters and digits of any script; everything else separates words.
WORD = re.compile(r"[^\W_]+")
# PostgreSQL's English stop words (Snowball), dropped on both databases so a
# query finds the same ideas on either.
STOP_WORDS = frozenset("""
a about above after again against all am an and any are as at be because been
before being below between both but by can did do does doing don down during
each few for from further had has have having he her here hers herself him
himself his how i if in into is it its itself just me more most my myself no
nor not now of off on once only or other our ours ourselves out over own s
same she should so some such t than that the their theirs them themselves
then there these they this those through to too under until up very was we
were what when where which while who whom why will with you your yours
yourself yourselves
""".split())

# table -> the weight of each indexed column for SQLite's bm25, in the order of
# the FTS5 table's columns (PostgreSQL's setweight gives the title 'A').
BM25_WEIGHTS = {"idea": (10.0, 1.0), "proposal": (10.0, 1.0, 1.0, 1.0),
                "playbook": (10.0, 1.0, 1.0, 1.0, 1.0)}


def clean_query(text):
    """The typed text, cut to length, or "" for nothing worth searching."""
    if not isinstance(text, str):
        return ""
    return text.replace("\x00", " ")[:QUERY_MAX].strip()


def significant_words(text, limit=TERMS_MAX):
    """Lower-case words of the text without stop words, in order, each once."""
    words = []
    for word in WORD.findall(clean_query(text).lower()):
        if word not in STOP_WORDS and word not in words:
            words.append(word)
    return words[:limit]


def _fts5_query(words, any_word):
    return (" OR " if any_word else " ").join(f'"{word}"' for word in words)


def _tsquery(words, any_word):
    return (" | " if any_word else " & ").join(f"'{word}'" for word in words)


# table -> its FTS5 tables on SQLite, when it has more than one: ideas
# in Welsh have their own, without English stemming (migration 0019).
FTS_TABLES = {"idea": ("idea_fts", "idea_cy_fts")}


def _postgres_tsquery(model, words, any_word):
    """The tsquery a row is matched with, and one any match also matches
    (for the index): a Welsh idea's words are not stemmed as English."""
    english = func.to_tsquery("english", _tsquery(words, any_word))
    if not hasattr(model, "language"):
        return english, english
    simple = func.to_tsquery("simple", _tsquery(words, any_word))
    own = case((model.language == "cy", simple), else_=english)
    return own, english.op("||")(simple)


def _fts_matches(name, words, any_word):
    """SELECT id, score from the FTS5 table(s) of this table."""
    selects = []
    for fts_table in FTS_TABLES.get(name, (f"{name}_fts",)):
        fts = table(fts_table, column("rowid"))
        fts_name = literal_column(fts_table)
        selects.append(
            select(fts.c.rowid.label("id"),
                   func.bm25(fts_name, *BM25_WEIGHTS[name]).label("score"))
            .where(fts_name.op("MATCH")(_fts5_query(words, any_word))))
    return selects[0] if len(selects) == 1 else union_all(*selects)


def _matches(model, words, conditions, any_word=False):
    """SELECT id, score of the rows matching every word (or any) and the
    conditions; the lower the score, the more relevant. Words match by their
    English stem (library, libraries), on both databases alike, except in
    ideas written in Welsh, which match as written; not by their
    beginnings: on PostgreSQL a prefix query costs much more, and the planner
    then often reads the whole table, not the index."""
    name = model.__tablename__
    if db.session.get_bind().dialect.name == "postgresql":
        vector = literal_column(f"{name}.search_vector")
        own, either = _postgres_tsquery(model, words, any_word)
        found = [vector.op("@@")(either)]
        if own is not either:
            found.append(vector.op("@@")(own))
        return select(model.id.label("id"), (-func.ts_rank(vector, own)).label("score")) \
            .where(*found, *conditions)
    found = _fts_matches(name, words, any_word).subquery()
    return select(model.id.label("id"), found.c.score.label("score")) \
        .join_from(model, found, found.c.id == model.id).where(*conditions)


def _public_idea_matches(words):
    """On SQLite, the public ideas matching every word, with their scores,
    from the search index alone: hidden ideas are left out by the small
    index of hidden ideas (ix_idea_hidden) rather than by reading each match's
    row, which cost ten times as much for a common word (2,600 matches of
    30,000 ideas: 27 ms, against 2.5 ms). For a search with no filters."""
    hidden = select(Idea.id).where(Idea.hidden_at.is_not(None))
    selects = []
    for fts_table in FTS_TABLES["idea"]:
        fts_name = literal_column(fts_table)
        rowid = literal_column(f"{fts_table}.rowid")
        selects.append(
            select(rowid.label("id"), func.bm25(fts_name, *BM25_WEIGHTS["idea"]).label("score"))
            .select_from(table(fts_table))
            .where(fts_name.op("MATCH")(_fts5_query(words, False)), rowid.not_in(hidden)))
    found = union_all(*selects).subquery()
    return select(found.c.id.label("id"), found.c.score.label("score"))


def _window(matches, keys, offset, limit, counted=False):
    """The ids of one page of the matches, in the order of `keys`
    ((expression, descending) pairs, on the model, or "score" or "id" of the
    matches), with their sort keys as k0, k1...; and, if `counted`, the
    number of all the matches as `total`: ordering them reads every match
    anyway, so counting them there costs nothing more."""
    # Each key once, by its label: PostgreSQL works out an expression as
    # often as the statement spells it, and the score is the costly part.
    labelled = [(matches.selected_columns[key] if isinstance(key, str) else key).label(f"k{n}")
                for n, (key, _desc) in enumerate(keys)]
    extra = [func.count().over().label("total")] if counted else []
    return (
        matches.with_only_columns(matches.selected_columns.id, *labelled, *extra)
        .order_by(*(column.desc() if desc else column
                    for column, (_key, desc) in zip(labelled, keys, strict=True)))
        .offset(offset).limit(limit)
        .subquery()
    )


def _order(window, keys):
    return [window.c[f"k{n}"].desc() if desc else window.c[f"k{n}"]
            for n, (_key, desc) in enumerate(keys)]


def _rows(model, matches, keys, offset, limit):
    """The rows of one page. Its ids are chosen first from the narrow matches;
    only those rows are then read whole, with what they join."""
    window = _window(matches, keys, offset, limit)
    return db.session.scalars(
        select(model).join(window, window.c.id == model.id).order_by(*_order(window, keys))
    ).all()


def _page(model, matches, keys, number, per_page, count_up_to=None):
    """A page of the matches and their count, in one statement: all of them,
    or when count_up_to is given at most that many, the total then shown as
    "more than" it. Only a page past the last match counts them on its own."""
    window = _window(matches, keys, (number - 1) * per_page, per_page + 1, counted=True)
    found = db.session.execute(
        select(model, window.c.total).join(window, window.c.id == model.id)
        .order_by(*_order(window, keys))
    ).all()
    rows = [row for row, _total in found]
    if found:
        total = found[0].total
    elif number == 1:
        total = 0
    else:
        # Counted without their scores: scoring a match costs more than finding it.
        counted = matches.with_only_columns(matches.selected_columns.id)
        if count_up_to is not None:
            counted = counted.limit(count_up_to + 1)
        total = db.session.scalar(select(func.count()).select_from(counted.subquery()))
    total_is = EXACT
    if count_up_to is not None and total > count_up_to:
        total, total_is = count_up_to, MORE_THAN
    return Page(items=rows[:per_page], number=number, per_page=per_page,
                has_next=len(rows) > per_page, total=total, total_is=total_is)


def _empty_page(number, per_page):
    return Page(items=[], number=number, per_page=per_page, has_next=False, total=0)


@dataclass(frozen=True)
class IdeaSearch:
    """A search of the ideas list: the typed text with the list's filters."""

    q: str
    area: int | None = None
    challenge: int | None = None
    status: str | None = None
    sort: str = IDEA_SORTS[0]
    page: int = 1

    def args(self, **changes):
        """Query-string arguments for a link to this view (with changes)."""
        view = replace(self, **changes)
        pairs = {"q": view.q, "area": view.area, "challenge": view.challenge,
                 "status": view.status,
                 "sort": view.sort if view.sort != IDEA_SORTS[0] else None,
                 "page": view.page if view.page != 1 else None}
        return {key: value for key, value in pairs.items() if value is not None}


def search_ideas(search, per_page):
    """A page of the ideas anyone may see that match every word typed, most
    relevant first unless sorted otherwise."""
    words = significant_words(search.q)
    if not words:
        return _empty_page(search.page, per_page)
    conditions = [Idea.hidden_at.is_(None)]
    if search.area:
        conditions.append(Idea.service_area_id == search.area)
    if search.challenge:
        conditions.append(Idea.challenge_id == search.challenge)
    if search.status:
        conditions.append(Idea.status == search.status)
    keys = {
        "supported": ((Idea.support_count, True), (Idea.id, True)),
        "newest": ((Idea.created_at, True), (Idea.id, True)),
        "discussed": ((Idea.comment_count, True), (Idea.id, True)),
    }.get(search.sort, (("score", False), ("id", True)))
    if (len(conditions) == 1 and keys[0][0] == "score"
            and db.session.get_bind().dialect.name == "sqlite"):
        matches = _public_idea_matches(words)
    else:
        matches = _matches(Idea, words, conditions)
    return _page(Idea, matches, keys, search.page, per_page, count_up_to=COUNT_UP_TO)


def similar_ideas(title, limit=SIMILAR_LIMIT):
    """The ideas most like a title being written, for its author to support
    instead: any of its words may match, and ideas that share more of them,
    or share them in their titles, come first. Hidden, withdrawn and merged
    ideas are left out, as they take no support."""
    words = significant_words(title)
    if not words:
        return []
    matches = _matches(Idea, words, [
        Idea.hidden_at.is_(None), Idea.withdrawn_at.is_(None),
        Idea.duplicate_of_id.is_(None), Idea.status != IdeaStatus.DUPLICATE.value,
    ], any_word=True)
    return _rows(Idea, matches, (("score", False), ("id", True)), 0, limit)


def search_proposals(q, browse, per_page, include_drafts=False):
    """A page of the proposals matching every word typed, most relevant
    first, with the proposals list's filters (a proposals.queries.Browse)."""
    words = significant_words(q)
    if not words:
        return _empty_page(browse.page, per_page)
    conditions = []
    if not include_drafts:
        conditions.append(Proposal.status != ProposalStatus.DRAFT.value)
    if browse.status:
        conditions.append(Proposal.status == browse.status)
    if browse.area:
        conditions.append(Proposal.service_area_id == browse.area)
    return _page(Proposal, _matches(Proposal, words, conditions),
                 (("score", False), ("id", True)), browse.page, per_page)


def search_playbooks(q, conditions, number, per_page):
    """A page of the playbooks (codesign/practices) matching every word typed,
    most relevant first, among those meeting the conditions (published, an area)."""
    words = significant_words(q)
    if not words:
        return _empty_page(number, per_page)
    return _page(Playbook, _matches(Playbook, words, conditions),
                 (("score", False), (Playbook.id, True)), number, per_page)


@dataclass(frozen=True)
class ProposalSearch:
    """The proposals list's filters with the typed text, for its page links."""

    q: str
    browse: object

    def __getattr__(self, name):
        return getattr(self.browse, name)

    def args(self, **changes):
        return {"q": self.q, **self.browse.args(**changes)}


SEARCH_TABLES = ("idea_fts", "idea_cy_fts", "proposal_fts", "playbook_fts")
SEARCH_OBJECTS = {"search_vector", "ix_idea_search_vector", "ix_proposal_search_vector",
                  "ix_playbook_search_vector"}


# Indexes on expressions, which SQLAlchemy can't reflect on SQLite, so
# autogenerate can't compare them: tests/test_migrations.py checks they exist.
EXPRESSION_INDEXES = {"ix_idea_awaiting"}


def include_object(object, name, type_, reflected, compare_to):
    """Alembic's filter: leave the hand-written search indexes, and the
    indexes on expressions, out of autogenerate."""
    if type_ == "index" and name in EXPRESSION_INDEXES:
        return False
    if reflected and compare_to is None:
        if type_ == "table" and name.startswith(SEARCH_TABLES):
            return False
        if type_ in ("column", "index") and name in SEARCH_OBJECTS:
            return False
    return True
