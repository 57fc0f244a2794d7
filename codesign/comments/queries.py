"""Reading the comments on an idea or a proposal a page at a time.

A page is a number of threads: top-level comments, oldest first, each with
all its replies (at most MAX_DEPTH deep, so a thread is never split across
pages). Whatever the number of comments, a page costs two statements: the
count of threads, then the page's top-level comments with their replies and
the replies to those (each comment's author comes in the same statement, by
its joined relationship). Both read the (subject, created_at) index of
comment, and the replies its parent_id index."""
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select, union_all

from ..extensions import db
from ..models import Comment, Idea, Proposal

# The Comment column that names each kind of subject.
_SUBJECT_COLUMN = {Idea: Comment.idea_id, Proposal: Comment.proposal_id}


@dataclass
class ThreadPage:
    items: list  # (comment, replies) trees, replies being such trees too
    number: int
    count: int  # pages, at least 1
    threads: int  # top-level comments on the subject, deleted and hidden ones included

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


def thread_page(subject, number, per_page):
    """Page `number` of the subject's threads; past the last page, the last."""
    threads = db.session.scalar(select(func.count(Comment.id)).where(*_threads(subject)))
    count = page_count(threads, per_page)
    number = min(max(number, 1), count)
    return ThreadPage(items=_trees(subject, number, per_page), number=number, count=count,
                      threads=threads)


def _trees(subject, number, per_page):
    """The page's threads, in one statement: its top-level comments, their
    replies and the replies to those, oldest first."""
    roots = (select(Comment.id).where(*_threads(subject))
             .order_by(Comment.created_at, Comment.id)
             .offset((number - 1) * per_page).limit(per_page).cte("roots"))
    replies = select(Comment.id).where(Comment.parent_id.in_(select(roots.c.id)))
    # A union of ids, not "id IN roots OR parent_id IN ...": PostgreSQL
    # answers such an OR by reading the whole table.
    shown = union_all(select(roots.c.id), replies,
                      select(Comment.id).where(Comment.parent_id.in_(replies)))
    children = {}
    for comment in db.session.scalars(
        select(Comment).where(Comment.id.in_(shown)).order_by(Comment.created_at, Comment.id)
    ):
        children.setdefault(comment.parent_id, []).append(comment)

    def build(comment):
        return comment, [build(reply) for reply in children.get(comment.id, [])]

    return [build(root) for root in children.get(None, [])]


def thread_root(comment):
    """The top-level comment of the thread the comment is in."""
    while comment.parent_id is not None:
        comment = db.session.get(Comment, comment.parent_id)
    return comment


def page_of(subject, comment, per_page):
    """The number of the page that shows the comment."""
    root = thread_root(comment)
    before = db.session.scalar(
        select(func.count(Comment.id)).where(
            *_threads(subject),
            or_(Comment.created_at < root.created_at,
                and_(Comment.created_at == root.created_at, Comment.id < root.id)))
    )
    return before // per_page + 1
