"""What one person may do with each comment on a page of threads (edit,
delete, report, hide, reply), decided once per page in Python.

The thread template used to ask the permission predicates under each of up
to 120 comments, each through a macro and the current_user proxy. Here the
same predicates are asked, with the person unwrapped once, and the answers
are plain values: they are part of the key of the kept comment with its
controls (codesign/fragments.py "shown_comment"), so two people see the same
kept HTML only when every answer is the same for them, and its forms'
tokens are each request's own.
"""
from dataclasses import dataclass
from typing import NamedTuple

from flask import request, url_for

from .. import permissions


class Controls(NamedTuple):
    """One person's controls under one shown comment. `reply` is the blank
    reply form, kept with the comment; `reopen` is a reply to it that was
    refused, shown again with its text and error, never kept."""

    edit: bool = False
    delete: bool = False
    report: bool = False
    hide: bool = False
    reply: bool = False
    reopen: bool = False


@dataclass(frozen=True)
class CommentLinks:
    """The addresses the controls of one subject's comments go to. Equal for
    every request to the same subject, so it can be part of a kept
    fragment's key; the script root is in it in case the site is reached
    under more than one prefix."""

    blueprint: str
    key: str
    subject_id: int
    script_root: str

    def _url(self, endpoint, **values):
        return url_for(f"{self.blueprint}.{endpoint}", **{self.key: self.subject_id}, **values)

    def add(self):
        return self._url("add_comment")

    def edit(self, comment_id):
        return self._url("edit_comment", comment_id=comment_id)

    def delete(self, comment_id):
        return self._url("delete_comment", comment_id=comment_id)


class ThreadView(NamedTuple):
    """What the comments of a page of threads need beyond themselves
    (CommentPages.view)."""

    kept: dict  # comment id -> its HTML with the person's controls, for the shown comments
    reopen: int | None  # the comment whose refused reply is shown again under it
    here: str  # where a moderator's action comes back to
    more: dict  # thread id -> how many of its replies are on its own pages only
    label: str  # each comment's accessible name
    deleted: str  # what a deleted comment leaves


def links(pages, subject):
    return CommentLinks(pages.blueprint, pages.key, subject.id, request.script_root)


def _person(user):
    """The signed-in person or the anonymous user behind current_user: the
    proxy costs a lookup on every attribute the predicates read."""
    unwrap = getattr(user, "_get_current_object", None)
    return unwrap() if unwrap is not None else user


def decide(pages, subject, user, nodes, replying_to=None):
    """{comment id: Controls} for every shown comment in the trees `nodes`
    (deleted and hidden ones have none: the template shows them apart).
    `replying_to` is the comment id a refused reply was sent to, as the form
    has it (text), if any. The predicates are asked once for each kind of
    comment (permissions.shown_comment_facts): a page of 120 comments holds
    three or four kinds for one person."""
    user = _person(user)
    facts, now = permissions.shown_comment_facts(user)
    answers, decided = {}, {}
    stack = list(nodes)
    while stack:
        comment, replies = stack.pop()
        stack.extend(replies)
        if comment.deleted_at is not None or comment.hidden_at is not None:
            continue
        kind = facts(comment)
        mine = answers.get(kind)
        if mine is None:
            mine = answers[kind] = Controls(
                edit=bool(permissions.can_edit_comment(user, comment, now)),
                delete=bool(permissions.can_delete_comment(user, comment)),
                report=bool(permissions.can_report(user, comment)),
                hide=bool(permissions.can_hide(user, comment)),
                reply=bool(pages.can_reply(user, comment, subject)),
            )
        if mine.reply and replying_to is not None and str(comment.id) == replying_to:
            mine = mine._replace(reply=False, reopen=True)
        decided[comment.id] = mine
    return decided
