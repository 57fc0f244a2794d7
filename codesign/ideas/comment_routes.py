from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import permissions
from ..auth.decorators import participant_required
from ..exceptions import DomainError
from ..extensions import db
from ..models import Comment
from . import bp, comment_services, queries
from .forms import CommentForm
from .routes import load_idea


def load_comment(idea, comment_id):
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.idea_id != idea.id:
        abort(404)
    return comment


def _parent(idea, raw_parent_id):
    if not raw_parent_id:
        return None
    if not raw_parent_id.isdigit() or int(raw_parent_id) > 2**31 - 1:
        abort(404)
    return load_comment(idea, int(raw_parent_id))


def _render_detail(idea, form, status):
    return render_template(
        "ideas/detail.html", idea=idea, comments=queries.comment_tree(idea.id),
        supported=queries.has_supported(current_user, idea), comment_form=form,
    ), status


@bp.get("/<id:idea_id>/comments")
def comments(idea_id):
    idea = load_idea(idea_id)
    return redirect(url_for("ideas.detail", idea_id=idea.id, _anchor="comments"))


@bp.post("/<id:idea_id>/comments")
@participant_required
def add_comment(idea_id):
    idea = load_idea(idea_id)
    form = CommentForm()
    parent = _parent(idea, form.parent_id.data)
    allowed = (permissions.can_reply_comment(current_user, parent, idea) if parent
               else permissions.can_comment_idea(current_user, idea))
    if not allowed:
        abort(403)
    if form.validate_on_submit():
        try:
            comment = comment_services.add_comment(current_user, idea, form.body.data, parent)
        except DomainError as error:
            db.session.rollback()
            form.body.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Your comment is posted."), "success")
            return redirect(url_for("ideas.detail", idea_id=idea.id, _anchor=f"comment-{comment.id}"))
    return _render_detail(idea, form, 422)


@bp.route("/<id:idea_id>/comments/<id:comment_id>/edit", methods=["GET", "POST"])
@participant_required
def edit_comment(idea_id, comment_id):
    idea = load_idea(idea_id)
    comment = load_comment(idea, comment_id)
    if not permissions.can_edit_comment(current_user, comment):
        abort(403)
    form = CommentForm(data={"body": comment.body} if request.method == "GET" else None)
    if form.validate_on_submit():
        comment_services.edit_comment(comment, form.body.data)
        db.session.commit()
        flash(_("Your comment is updated."), "success")
        return redirect(url_for("ideas.detail", idea_id=idea.id, _anchor=f"comment-{comment.id}"))
    return render_template("ideas/comment_edit.html", idea=idea, comment=comment,
                           form=form), 422 if form.errors else 200


@bp.post("/<id:idea_id>/comments/<id:comment_id>/delete")
@participant_required
def delete_comment(idea_id, comment_id):
    idea = load_idea(idea_id)
    comment = load_comment(idea, comment_id)
    if not permissions.can_delete_comment(current_user, comment):
        abort(403)
    comment_services.delete_comment(comment, idea)
    db.session.commit()
    flash(_("Your comment is deleted. Replies to it stay."), "success")
    return redirect(url_for("ideas.detail", idea_id=idea.id, _anchor=f"comment-{comment.id}"))
