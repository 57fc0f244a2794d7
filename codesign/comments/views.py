"""The request handling that comments on ideas and on proposals share. Each
area's comment_routes.py declares the URLs, loads the subject (404 if it
cannot be seen) and hands over to these, so the two cannot drift apart.

The subject's page shows its comments a page of threads at a time
(queries.py), ?comments=N choosing the page, each thread with its first
REPLIES_PER_THREAD replies and a link to the rest: ?thread=<id>&replies=N is
page N of that thread's replies. A link to one comment goes to the page that
holds it: comment_url() works the page out (a few statements), for the
redirect after an action; comment_link() costs nothing and leaves it
to the subject's page, which reads ?comment=<id>, for lists of links."""
from dataclasses import dataclass
from typing import Callable

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import fragments, permissions
from ..exceptions import DomainError
from ..extensions import db
from ..language import writing_choices, written_by_default
from ..models import Comment
from ..models.comment import MAX_DEPTH
from ..web import flash_refusal, id_arg, page_arg, render_form
from . import controls, queries, services
from .forms import CommentForm


@dataclass(frozen=True)
class CommentPages:
    """Where one kind of subject's comments are reached, and who may write
    them. The routes and the thread template (comments/_thread.html) both
    use it."""

    blueprint: str  # the name of the blueprint whose routes take these comments
    key: str  # the name of the subject's id in those routes
    can_comment: Callable  # (user, subject)
    can_reply: Callable  # (user, parent, subject)
    on_label: str  # introduces the subject's title on the edit page

    def url(self, endpoint, subject, **values):
        return url_for(f"{self.blueprint}.{endpoint}", **{self.key: subject.id}, **values)

    def page_url(self, subject, number, anchor="comments"):
        """The subject's page showing page `number` of its comments."""
        return self.url("detail", subject, comments=number if number > 1 else None,
                        _anchor=anchor)

    def thread_url(self, subject, root, number=1, anchor="comments"):
        """The subject's page showing page `number` of one thread's replies."""
        return self.url("detail", subject, thread=root.id,
                        replies=number if number > 1 else None, _anchor=anchor)

    def comment_url(self, subject, comment):
        """The subject's page of comments that shows this one, at the comment."""
        anchor = f"comment-{comment.id}"
        root, reply_number = _place(comment)
        if reply_number is not None:
            return self.thread_url(subject, root, reply_number, anchor=anchor)
        return self.page_url(subject, queries.page_of(subject, root, per_page()), anchor=anchor)

    def view(self, user, subject, comments, form, kept_comment):
        """What the comments of the page need beyond themselves: each shown
        one's HTML with what the person may do with it (controls.py), kept by
        codesign/fragments.py under every answer; kept_comment is the macro
        of comments/_thread.html that renders one."""
        decided = controls.decide(self, subject, user, comments.items,
                                  form.parent_id.data or None)
        links, here = controls.links(self, subject), self.here(subject, comments)
        # Left out of the reply forms while one language is offered.
        language = written_by_default() if writing_choices() else None
        # `here` only with a hide form and `language` only with a reply form,
        # so that they divide the kept copies no further.
        shown = [(comment, (mine, links, here if mine.hide else None,
                            language if mine.reply else None))
                 for comment, mine in _in_order(comments.items, decided)]
        html = fragments.fragments_for("shown_comment", kept_comment, shown)
        return controls.ThreadView(
            kept={comment.id: text for (comment, _args), text in zip(shown, html, strict=True)},
            reopen=next((key for key, mine in decided.items() if mine.reopen), None),
            here=here, more=comments.more, label=_("Comment"), deleted=_("Comment deleted"))

    def here(self, subject, comments):
        """Where an action on a comment of this page comes back to."""
        if comments.thread is not None:
            return self.thread_url(subject, comments.thread, comments.reply_number, anchor=None)
        return self.page_url(subject, comments.number, anchor=None)


def _in_order(nodes, decided):
    """(comment, controls) of the shown comments of the trees, as the page
    shows them (the order a newly kept fragment is made in does not matter,
    but a page reads better in a profile this way)."""
    for comment, replies in nodes:
        if comment.id in decided:
            yield comment, decided[comment.id]
        yield from _in_order(replies, decided)


def comment_link(comment, build=url_for, **values):
    """A link to a comment on an idea or a proposal, built without a
    statement (for lists of them: the moderation queue, notifications). The
    subject's page finds the page holding it from ?comment=<id>. `build` is
    url_for, or mail.absolute_url for an email."""
    values.update(comment=comment.id, _anchor=f"comment-{comment.id}")
    if comment.idea_id is not None:
        return build("ideas.detail", idea_id=comment.idea_id, **values)
    return build("proposals.detail", proposal_id=comment.proposal_id, **values)


def per_page():
    return current_app.config["COMMENTS_PER_PAGE"]


def _place(comment):
    """The comment's thread, and the page of that thread's replies that
    shows it, or None if its page of threads does (as its first replies)."""
    root = queries.thread_root(comment)
    if root is comment:
        return root, None
    rank = queries.rank_in_thread(root, comment)
    if rank - 1 <= current_app.config["REPLIES_PER_THREAD"]:
        return root, None
    return root, (rank - 2) // current_app.config["REPLIES_PER_PAGE"] + 1


def shown_page(subject, form=None):
    """The page of the subject's comments to show: the one holding the comment
    a rejected reply was to (so it reopens in place), else the one holding
    ?comment=<id>, else page ?replies=<n> of thread ?thread=<id>, else
    ?comments=<n>. A number that is not a page number shows the first page;
    one past the end, the last."""
    config = current_app.config
    target = root = None
    reply_number = page_arg(request.args.get("replies"))
    if form is not None and form.parent_id.data:
        target = _comment_of(subject, form.parent_id.data)
    elif "comment" in request.args:
        target = _comment_of(subject, request.args["comment"])
    if target is not None:
        root, reply_number = _place(target)
    elif "thread" in request.args:
        root = _comment_of(subject, request.args["thread"])
        root = root if root is not None and root.parent_id is None else None
        reply_number = reply_number if root is not None else None
    if root is not None and reply_number is not None:
        return queries.reply_page(subject, root, reply_number, config["REPLIES_PER_PAGE"],
                                  per_page())
    if root is not None:
        number = queries.page_of(subject, root, per_page())
    else:
        number = page_arg(request.args.get("comments"))
    return queries.thread_page(subject, number, per_page(), config["REPLIES_PER_THREAD"])


def _comment_of(subject, raw_id):
    """The subject's comment with this id, or None."""
    comment_id = id_arg(raw_id)
    comment = db.session.get(Comment, comment_id) if comment_id else None
    return comment if comment is not None and services.belongs_to(comment, subject) else None


def load_comment(subject, comment_id):
    comment = db.session.get(Comment, comment_id)
    if comment is None or not services.belongs_to(comment, subject):
        abort(404)
    return comment


def _parent(subject, raw_parent_id):
    if not raw_parent_id:
        return None
    # The form field is free text: anything but a plain number is a comment that does not exist.
    parent_id = id_arg(raw_parent_id)
    if parent_id is None:
        abort(404)
    return load_comment(subject, parent_id)


def add_comment(pages, subject, render_detail):
    """render_detail(form) shows the subject's page again with the form's errors.
    The caller has checked that the user takes part and may see the subject."""
    form = CommentForm()
    parent = _parent(subject, form.parent_id.data)
    if parent is not None and parent.depth >= MAX_DEPTH:
        abort(403)  # no Reply button is ever shown there
    # Whether the subject or the parent still takes comments is the service's
    # to say: the form was on the page when it was opened (the idea since
    # hidden, the proposal decided, the parent deleted). Its message goes
    # where the form was, which the page no longer shows.
    if form.validate_on_submit():
        try:
            comment = services.add_comment(
                current_user, subject, form.body.data, parent,
                # Left out of the form while one language is offered.
                language=form.language.data or written_by_default(current_user))
        except DomainError as error:
            flash_refusal(error)
            return redirect(pages.comment_url(subject, parent) if parent is not None
                            else pages.page_url(subject, 1))
        else:
            db.session.commit()
            flash(_("Your comment is posted."), "success")
            return redirect(pages.comment_url(subject, comment))
    return render_detail(form)


def edit_comment(pages, subject, comment_id):
    comment = load_comment(subject, comment_id)
    if not permissions.can_edit_comment(current_user, comment):
        abort(403)
    form = CommentForm(data={"body": comment.body, "language": comment.language}
                       if request.method == "GET" else None)
    if form.validate_on_submit():
        services.edit_comment(comment, form.body.data, form.language.data)
        db.session.commit()
        flash(_("Your comment is updated."), "success")
        return redirect(pages.comment_url(subject, comment))
    return render_form("comments/edit.html", form, pages=pages, subject=subject, comment=comment)


def delete_comment(pages, subject, comment_id):
    comment = load_comment(subject, comment_id)
    if comment.deleted_at is not None and comment.author_id == current_user.id:
        # A replayed form (back button, double click): say so, change nothing.
        flash(_("You had already deleted this comment."), "info")
        return redirect(pages.comment_url(subject, comment))
    if not permissions.can_delete_comment(current_user, comment):
        abort(403)
    services.delete_comment(comment, subject)
    db.session.commit()
    flash(_("Your comment is deleted. Replies to it stay."), "success")
    return redirect(pages.comment_url(subject, comment))
