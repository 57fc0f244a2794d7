"""Reading the comments on an idea or a proposal a page at a time.

A page is a number of threads: top-level comments, oldest first, each with
its first replies (at most `replies` of them, in the order they are shown: a
reply, then the replies to it). The rest of a thread's replies are on pages
of that thread alone, `replies` a page, so a page holds a bounded number of
comments whatever the shape of the discussion. Whatever the number of
comments, a page of threads costs two statements: the count of threads, then
the page's comments (each comment's author comes in the same statement, by
its joined relationship), ranked within their thread by a window function.
Both read the (subject, created_at) index of comment, and the replies its
parent_id index. A page of one thread's replies costs four."""
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import and_, bindparam, case, func, or_, select, union_all
from sqlalchemy.orm import aliased, defaultload, defer

from ..extensions import db
from ..models import Comment, Idea, Partner, PartnerMember, Proposal, User

# The Comment column that names each kind of subject.
_SUBJECT_COLUMN = {Idea: Comment.idea_id, Proposal: Comment.proposal_id}


@dataclass
class ThreadPage:
    items: list  # (comment, replies) trees, replies being such trees too
    number: int
    count: int  # pages, at least 1
    threads: int  # top-level comments on the subject, deleted and hidden ones included
    more: dict = field(default_factory=dict)  # thread id -> its replies not on this page
    # A page of one thread's replies (?thread=<id>&replies=N): the thread's
    # top-level comment, and which page of its replies; `number` is then the
    # page of threads that holds it.
    thread: Comment | None = None
    reply_number: int = 1
    reply_count: int = 1

    @property
    def has_prev_replies(self):
        return self.reply_number > 1

    @property
    def has_next_replies(self):
        return self.reply_number < self.reply_count

    @property
    def has_prev(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.count


def _threads(subject):
    return (_SUBJECT_COLUMN[type(subject)] == subject.id, Comment.parent_id.is_(None))


def page_count(threads, per_page):
    return max(1, -(-threads // per_page))


def thread_page(subject, number, per_page, replies):
    """Page `number` of the subject's threads, each with its first `replies`
    replies; past the last page, the last."""
    kind = type(subject)
    threads = db.session.scalar(_thread_count(kind), {"subject_id": subject.id})
    count = page_count(threads, per_page)
    number = min(max(number, 1), count)
    rows = db.session.execute(_thread_page(kind), {
        "subject_id": subject.id, "offset": (number - 1) * per_page, "limit": per_page,
        "shown": replies + 1}).all()
    items, more = _trees(rows)
    return ThreadPage(items=items, number=number, count=count, threads=threads, more=more)


# The statements of a page of threads, built once per kind of subject: the
# subject, the page and the replies shown are their parameters. Building
# them (a CTE, unions, a window) cost more Python than running them.
@cache
def _thread_count(kind):
    return select(func.count(Comment.id)).where(
        _SUBJECT_COLUMN[kind] == bindparam("subject_id"), Comment.parent_id.is_(None))


@cache
def _thread_page(kind):
    roots = (select(Comment.id)
             .where(_SUBJECT_COLUMN[kind] == bindparam("subject_id"), Comment.parent_id.is_(None))
             .order_by(Comment.created_at, Comment.id)
             .offset(bindparam("offset")).limit(bindparam("limit")).cte("roots"))
    ranked = _ranked(select(roots.c.id))
    return _shown(ranked, ranked.c.rank <= bindparam("shown"))


def reply_page(subject, root, number, per_page, threads_per_page):
    """Page `number` of the replies in one thread, under its top-level
    comment (and the reply the first of them answer, if that was on the page
    before); past the last page, the last."""
    replies = db.session.scalar(
        select(func.count()).select_from(_replies(_one(root))))
    count = page_count(replies, per_page)
    number = min(max(number, 1), count)
    ranked, again = _ranked(_one(root)), _ranked(_one(root))
    low = (number - 1) * per_page + 2  # rank 1 is the top-level comment
    # Replies to a reply on an earlier page come under that reply, shown
    # again for them: at most one per page, as they follow it in order.
    answered = select(again.c.branch_id).where(again.c.rank == low)
    items, _more = _trees(db.session.execute(_shown(ranked, or_(
        ranked.c.rank == 1, ranked.c.rank.between(low, low + per_page - 1),
        ranked.c.id.in_(answered)))).all())
    threads = db.session.scalar(select(func.count(Comment.id)).where(*_threads(subject)))
    return ThreadPage(items=items, number=page_of(subject, root, threads_per_page),
                      count=page_count(threads, threads_per_page), threads=threads,
                      thread=root, reply_number=number, reply_count=count)


def _one(root):
    """A select of the id of one thread's top-level comment."""
    return select(Comment.id).where(Comment.id == root.id)


# Made once (see codesign/notifications/queries.py).
_PARENT = aliased(Comment)


def _replies(roots):
    """(id, thread, order...) of every reply in the threads whose top-level
    comments are `roots` (a select of their ids): replies, and replies to them.
    A union, not "parent_id IN ... OR ...": PostgreSQL answers such an OR by
    reading the whole table."""
    parent = _PARENT
    return union_all(
        select(Comment.id, Comment.parent_id.label("thread_id"),
               Comment.created_at.label("branch_at"), Comment.id.label("branch_id"),
               Comment.depth, Comment.created_at)
        .where(Comment.parent_id.in_(roots)),
        select(Comment.id, parent.parent_id, parent.created_at, parent.id,
               Comment.depth, Comment.created_at)
        .join(parent, Comment.parent_id == parent.id).where(parent.parent_id.in_(roots)),
    ).subquery()


def _ranked(roots):
    """Every comment of the threads (their top-level comments too), with its
    rank in its thread as shown (1 is the top-level comment; then each reply,
    followed by the replies to it, oldest first) and the thread's size."""
    replies = _replies(roots)
    every = union_all(
        select(Comment.id, Comment.id.label("thread_id"), Comment.created_at.label("branch_at"),
               Comment.id.label("branch_id"), Comment.depth, Comment.created_at)
        .where(Comment.id.in_(roots)),
        select(replies),
    ).subquery()
    order = (case((every.c.depth == 0, 0), else_=1), every.c.branch_at, every.c.branch_id,
             every.c.depth, every.c.created_at, every.c.id)
    return select(
        every.c.id, every.c.thread_id, every.c.branch_id,
        func.row_number().over(partition_by=every.c.thread_id, order_by=order).label("rank"),
        func.count().over(partition_by=every.c.thread_id).label("size"),
    ).subquery()


# What a page shows of a comment and its author (templates/comments/_thread.html,
# templates/_person.html): not the Markdown source, the author's account
# details or the organisation's description. The statement reads the rest.
_AS_SHOWN = (
    defer(Comment.body),
    defaultload(Comment.author).load_only(User.display_name, User.role, User.deleted_at)
    .defaultload(User.partner_membership).load_only(PartnerMember.partner_id)
    .defaultload(PartnerMember.partner).load_only(Partner.name, Partner.status),
)


def _shown(ranked, shown):
    """The ranked comments that are `shown`, with their thread and its size,
    in the order they are shown."""
    return (select(Comment, ranked.c.thread_id, ranked.c.size)
            .join(ranked, Comment.id == ranked.c.id).where(shown)
            .order_by(ranked.c.thread_id, ranked.c.rank).options(*_AS_SHOWN))


def _trees(rows):
    """The (comment, replies) trees of the rows of _shown(), and for each
    thread how many of its replies are not shown. A reply whose parent is
    not shown hangs from the top-level comment."""
    nodes, roots, shown_in = {}, [], {}
    for comment, thread_id, _size in rows:
        node = nodes[comment.id] = (comment, [])
        shown_in[thread_id] = shown_in.get(thread_id, 0) + 1
        if comment.parent_id is None:
            roots.append(node)
        else:
            parent = nodes.get(comment.parent_id) or nodes.get(thread_id)
            if parent is not None:
                parent[1].append(node)
    roots.sort(key=lambda node: (node[0].created_at, node[0].id))
    sizes = {thread_id: size for _comment, thread_id, size in rows}
    more = {thread_id: sizes[thread_id] - shown for thread_id, shown in shown_in.items()
            if sizes[thread_id] > shown}
    return roots, more


def thread_root(comment):
    """The top-level comment of the thread the comment is in."""
    while comment.parent_id is not None:
        comment = db.session.get(Comment, comment.parent_id)
    return comment


def rank_in_thread(root, comment):
    """Where the comment comes in its thread as shown (1: the top-level one)."""
    ranked = _ranked(_one(root))
    return db.session.scalar(select(ranked.c.rank).where(ranked.c.id == comment.id))


def page_of(subject, comment, per_page):
    """The number of the page of threads that holds the comment's thread."""
    root = thread_root(comment)
    before = db.session.scalar(
        select(func.count(Comment.id)).where(
            *_threads(subject),
            or_(Comment.created_at < root.created_at,
                and_(Comment.created_at == root.created_at, Comment.id < root.id)))
    )
    return before // per_page + 1
