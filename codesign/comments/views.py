"""The request handling that comments on ideas and on proposals share. Each
area's comment_routes.py declares the URLs, loads the subject (404 if it
cannot be seen) and hands over to these, so the two cannot drift apart."""
from dataclasses import dataclass
from typing import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import permissions
from ..exceptions import DomainError
from ..extensions import db
from ..models import Comment
from . import services
from .forms import CommentForm

MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class CommentPages:
    """Where one kind of subject's comments are reached, and who may write
    them. The routes and the thread template (comments/_thread.html) both
    use it."""

    area: str  # the blueprint whose routes take these comments
    key: str  # the name of the subject's id in those routes
    can_comment: Callable  # (user, subject)
    can_reply: Callable  # (user, parent, subject)
    on_label: str  # introduces the subject's title on the edit page

    def url(self, endpoint, subject, **values):
        return url_for(f"{self.area}.{endpoint}", **{self.key: subject.id}, **values)

    def comment_url(self, subject, comment):
        return self.url("detail", subject, _anchor=f"comment-{comment.id}")


def load_comment(subject, comment_id):
    comment = db.session.get(Comment, comment_id)
    if comment is None or not services.belongs_to(comment, subject):
        abort(404)
    return comment


def _parent(subject, raw_parent_id):
    if not raw_parent_id:
        return None
    # The form field is free text: anything but a plain number is a comment that does not exist.
    if not (raw_parent_id.isascii() and raw_parent_id.isdigit()) or int(raw_parent_id) > MAX_ID:
        abort(404)
    return load_comment(subject, int(raw_parent_id))


def add_comment(pages, subject, render_detail):
    """render_detail(form) shows the subject's page again with the form's errors."""
    form = CommentForm()
    parent = _parent(subject, form.parent_id.data)
    allowed = (pages.can_reply(current_user, parent, subject) if parent
               else pages.can_comment(current_user, subject))
    if not allowed:
        abort(403)
    if form.validate_on_submit():
        try:
            comment = services.add_comment(current_user, subject, form.body.data, parent)
        except DomainError as error:
            db.session.rollback()
            form.body.errors.append(error.message)
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
