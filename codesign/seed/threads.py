"""Comment threads on ideas and on proposals open for feedback.

Within a subject, comments come in time order; about half answer an earlier
comment that can still take replies (depth 0 or 1), so depth never passes 2
and a parent is always in the same subject and older than its replies. A few
are deleted by their author or hidden by moderators, always after their last
reply, so no one answered a comment that was no longer shown."""
import random

from ..models import Comment
from . import words
from .allocate import allocate
from .ideas import MODERATOR_REASONS, WELSH
from .writer import html, stamp

COMMENT_COLUMNS = ("id", "idea_id", "proposal_id", "author_id", "parent_id", "depth", "body",
                   "body_html", "created_at", "edited_at", "deleted_at", "hidden_at", "hidden_reason",
                   "hidden_note", "language")
REPLY, DELETED, HIDDEN, EDITED, REPORTED = 0.45, 0.03, 0.015, 0.05, 0.003
BY_OWNER, BY_STAFF = 0.05, 0.01


def share_comments(world, total):
    """Comments per idea and per proposal open for feedback: busier ideas are
    discussed more, and about one comment in fifty is on a proposal."""
    rng = world.rng
    windows = [p for p in world.proposals if p["feedback"]]
    on_proposals = min(total // 50, 200 * len(windows))
    weights = [(idea.supports + 2) ** 0.75 * (0.5 + rng.random()) for idea in world.ideas]
    caps = [total if idea.comment_end - idea.created > 600 else 0 for idea in world.ideas]
    per_idea = allocate(total - on_proposals, weights, caps, "comments")
    per_proposal = allocate(on_proposals, [1.0] * len(windows), [on_proposals] * len(windows))
    return per_idea, list(zip(windows, per_proposal, strict=False))


def _author(world, when, owner, parent):
    rng = world.rng
    roll = rng.random()
    if owner is not None and roll < BY_OWNER:
        author = owner
    elif roll < BY_OWNER + BY_STAFF:
        author = rng.choice(world.staff)
    else:
        author = world.resident_at(when - 60)
    if parent is not None and author == parent[1]:
        author = world.resident_at(when - 60)
    return author


def _thread(world, count, low, high, owner):
    """[id-less comment: [author, parent index, depth, created, last reply]]."""
    rng = world.rng
    comments, open_parents = [], []
    for when in sorted(world.between(low + 60, high, skew=1.5) for _ in range(count)):
        parent = None
        if open_parents and rng.random() < REPLY:
            parent = rng.choice(open_parents)
        author = _author(world, when, owner, comments[parent] if parent is not None else None)
        depth = 0 if parent is None else comments[parent][2] + 1
        if parent is not None:
            comments[parent][4] = when
        if depth < 2:
            open_parents.append(len(comments))
        comments.append([author, parent, depth, when, when])
    return comments


def _moderation(world, comment_id, author, created, last_reply):
    """(deleted_at, hidden_at, reason, note), and what moderators will see."""
    rng = world.rng
    roll = rng.random()
    if roll >= DELETED + HIDDEN:
        if roll < DELETED + HIDDEN + REPORTED:
            world.reported_comments.append((comment_id, author, created))
        return None, None, None, None
    when = min(max(created, last_reply) + rng.randint(600, 5 * 86400), world.now - 60)
    when = max(when, last_reply)
    if roll < DELETED:
        return when, None, None, None
    reporters = world.joined_by(when - 60) - 1
    reason = ("reported" if rng.random() < 0.3 and reporters >= world.report_threshold
              else rng.choice(MODERATOR_REASONS))
    world.hidden_comments.append((comment_id, author, created, when, reason))
    note = None if reason == "reported" else (rng.choice(words.HIDE_NOTES) or None)
    return None, when, reason, note


def _rows(world, next_id, subject, count, low, high, owner, welsh):
    """Comment rows for one idea ((idea id, None)) or proposal ((None, id));
    `welsh` draws which are in Welsh, leaving the rest as they were."""
    rng = world.rng
    thread = _thread(world, count, low, high, owner)
    visible = 0
    engaged = None
    rows = []
    for index, (author, parent, depth, created, last_reply) in enumerate(thread):
        comment_id = next_id + index
        deleted_at, hidden_at, reason, note = _moderation(world, comment_id, author, created, last_reply)
        visible += deleted_at is None and hidden_at is None
        if author != owner and (engaged is None or created < engaged):
            engaged = created
        edited_at = created + rng.randint(30, 900) if rng.random() < EDITED else None
        body = words.comment(rng, reply=parent is not None)
        language = "en"
        if welsh.random() < WELSH:
            body, language = words.welsh_comment(welsh), "cy"
        rows.append((comment_id, *subject, author, None if parent is None else next_id + parent, depth,
                     body, html(body), stamp(created),
                     edited_at and stamp(edited_at), deleted_at and stamp(deleted_at),
                     hidden_at and stamp(hidden_at), reason, note, language))
    return rows, visible, engaged


def comment_rows(world, first_id, per_idea, per_proposal):
    next_id = first_id
    welsh = random.Random(first_id)
    for idea, count in zip(world.ideas, per_idea, strict=False):
        rows, idea.comments, engaged = _rows(world, next_id, (idea.id, None), count,
                                             idea.created, idea.comment_end, idea.author, welsh)
        if engaged is not None:
            idea.engage(None, engaged)
        next_id += len(rows)
        yield from rows
    for proposal, count in per_proposal:
        low, high = proposal["feedback"]
        rows, proposal["comments"], _engaged = _rows(world, next_id, (None, proposal["id"]), count,
                                                     low, high, None, welsh)
        next_id += len(rows)
        yield from rows


def write_comments(world, writer, total):
    per_idea, per_proposal = share_comments(world, total)
    rows = comment_rows(world, writer.next_id(Comment.__table__), per_idea, per_proposal)
    writer.insert(Comment.__table__, COMMENT_COLUMNS, rows, total=total)
