from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import permissions
from ..auth.decorators import participant_required
from ..exceptions import DomainError
from ..extensions import db
from ..ideas.forms import CommentForm
from ..models import Comment
from . import bp, comment_services
from .routes import load_proposal, render_detail


def load_comment(proposal, comment_id):
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.proposal_id != proposal.id:
        abort(404)
    return comment


def _parent(proposal, raw_parent_id):
    if not raw_parent_id:
        return None
    if not (raw_parent_id.isascii() and raw_parent_id.isdigit()) or int(raw_parent_id) > 2**31 - 1:
        abort(404)
    return load_comment(proposal, int(raw_parent_id))


def _to_comment(proposal, comment):
    return redirect(url_for("proposals.detail", proposal_id=proposal.id, _anchor=f"comment-{comment.id}"))


@bp.post("/proposals/<id:proposal_id>/comments")
@participant_required
def add_comment(proposal_id):
    proposal = load_proposal(proposal_id)
    form = CommentForm()
    parent = _parent(proposal, form.parent_id.data)
    allowed = (permissions.can_reply_proposal_comment(current_user, parent, proposal) if parent
               else permissions.can_comment_proposal(current_user, proposal))
    if not allowed:
        abort(403)
    if form.validate_on_submit():
        try:
            comment = comment_services.add_comment(current_user, proposal, form.body.data, parent)
        except DomainError as error:
            db.session.rollback()
            form.body.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Your comment is posted."), "success")
            return _to_comment(proposal, comment)
    return render_detail(proposal, comment_form=form, status=422)


@bp.route("/proposals/<id:proposal_id>/comments/<id:comment_id>/edit", methods=["GET", "POST"])
@participant_required
def edit_comment(proposal_id, comment_id):
    proposal = load_proposal(proposal_id)
    comment = load_comment(proposal, comment_id)
    if not permissions.can_edit_comment(current_user, comment):
        abort(403)
    form = CommentForm(data={"body": comment.body} if request.method == "GET" else None)
    if form.validate_on_submit():
        comment_services.edit_comment(comment, form.body.data)
        db.session.commit()
        flash(_("Your comment is updated."), "success")
        return _to_comment(proposal, comment)
    return render_template("proposals/comment_edit.html", proposal=proposal, comment=comment,
                           form=form), 422 if form.errors else 200


@bp.post("/proposals/<id:proposal_id>/comments/<id:comment_id>/delete")
@participant_required
def delete_comment(proposal_id, comment_id):
    proposal = load_proposal(proposal_id)
    comment = load_comment(proposal, comment_id)
    if not permissions.can_delete_comment(current_user, comment):
        abort(403)
    comment_services.delete_comment(comment, proposal)
    db.session.commit()
    flash(_("Your comment is deleted. Replies to it stay."), "success")
    return _to_comment(proposal, comment)
