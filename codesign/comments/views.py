"""The request handling that comments on ideas and on proposals share. Each
area's comment_routes.py declares the URLs, loads the subject (404 if it
cannot be seen) and hands over to these, so the two cannot drift apart.

The subject's page shows its comments a page of threads at a time
(queries.py), ?comments=N choosing the page. A link to one comment goes to
the page that holds it: comment_url() works the page out (two statements),
for the redirect after an action; links.comment_link() costs nothing and leaves it
to the subject's page, which reads ?comment=<id>, for lists of links."""
from dataclasses import dataclass
from typing import Callable

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import permissions
from ..exceptions import DomainError
from ..extensions import db
from ..models import Comment
from ..models.comment import MAX_DEPTH
from . import queries, services
from .forms import CommentForm

MAX_ID = 2**31 - 1


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

    def comment_url(self, subject, comment):
        """The subject's page of comments that shows this one, at the comment."""
        number = queries.page_of(subject, comment, per_page())
        return self.page_url(subject, number, anchor=f"comment-{comment.id}")


def per_page():
    return current_app.config["COMMENTS_PER_PAGE"]


def shown_page(subject, form=None):
    """The page of the subject's comments to show: the one holding the comment
    a rejected reply was to (so it reopens in place), else the one holding
    ?comment=<id>, else ?comments=<n>. A number that is not a page number
    shows the first page; one past the end, the last."""
    target = None
    if form is not None and form.parent_id.data:
        target = _comment_of(subject, form.parent_id.data)
    elif "comment" in request.args:
        target = _comment_of(subject, request.args["comment"])
    if target is not None:
        number = queries.page_of(subject, target, per_page())
    else:
        number = queries.page_number(request.args.get("comments")) or 1
    return queries.thread_page(subject, number, per_page())


def _id(raw):
    """An id from free text: anything but a plain number in range is None."""
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 10) or int(raw) > MAX_ID:
        return None
    return int(raw)


def _comment_of(subject, raw_id):
    """The subject's comment with this id, or None."""
    comment_id = _id(raw_id)
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
    parent_id = _id(raw_parent_id)
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
            comment = services.add_comment(current_user, subject, form.body.data, parent)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
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
    form = CommentForm(data={"body": comment.body} if request.method == "GET" else None)
    if form.validate_on_submit():
        services.edit_comment(comment, form.body.data)
        db.session.commit()
        flash(_("Your comment is updated."), "success")
        return redirect(pages.comment_url(subject, comment))
    return render_template("comments/edit.html", pages=pages, subject=subject, comment=comment,
                           form=form), 422 if form.errors else 200


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
