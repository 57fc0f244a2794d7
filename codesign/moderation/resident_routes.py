"""What residents do here: report an idea, a comment or an account, and
appeal once against the hiding of what they wrote."""
from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import permissions
from ..decorators import participant_required
from ..exceptions import DomainError
from ..extensions import db
from ..models import Comment, Idea, Proposal, User
from ..web import flash_refusal, render_form, safe_next
from . import appeal_services, bp, report_services
from .forms import AppealForm, ReportForm
from .links import item_url


def report_form(item, kind, allowed, back_to):
    if not allowed:
        abort(403)
    if request.method == "GET" and report_services.has_reported(current_user, item):
        flash(_("You have already reported this."), "info")
        return redirect(back_to)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            report_services.report(current_user, item, form.reason.data, form.note.data,
                                   current_app.config["REPORT_HIDE_THRESHOLD"])
        except DomainError as error:
            flash_refusal(error)
        else:
            db.session.commit()
            flash(_("Thank you. A moderator will look at your report."), "success")
        return redirect(back_to)
    return render_form("moderation/report.html", form, item=item, kind=kind, back_to=back_to)


@bp.route("/ideas/<id:idea_id>/report", methods=["GET", "POST"])
@participant_required
def report_idea(idea_id):
    idea = db.get_or_404(Idea, idea_id)
    return report_form(idea, "idea", permissions.can_report(current_user, idea), item_url(idea))


def _shown_with_its_subject(comment):
    """The comment, if the visitor may see what it is on: the report page
    shows the comment, so a hidden idea or a draft proposal keeps it unseen."""
    if comment.idea_id is not None:
        idea = db.get_or_404(Idea, comment.idea_id)
        if idea.hidden_at is not None and not permissions.can_see_hidden(current_user, idea):
            abort(404)
    elif not permissions.can_view_proposal(current_user, db.get_or_404(Proposal, comment.proposal_id)):
        abort(404)
    return comment


@bp.route("/comments/<id:comment_id>/report", methods=["GET", "POST"])
@participant_required
def report_comment(comment_id):
    comment = _shown_with_its_subject(db.get_or_404(Comment, comment_id))
    return report_form(comment, "comment", permissions.can_report(current_user, comment),
                       item_url(comment))


@bp.route("/users/<id:user_id>/report", methods=["GET", "POST"])
@participant_required
def report_user(user_id):
    user = db.get_or_404(User, user_id)
    if not user.is_confirmed:  # never shown anywhere: nobody can have met it
        abort(404)
    return report_form(user, "user", permissions.can_report_user(current_user, user),
                       safe_next(request.args.get("next"), url_for("ideas.index")))


def appeal_form(item, kind):
    # Whether an appeal was made already is shown on the page, not refused.
    if not permissions.can_appeal(current_user, item):
        abort(403)
    form = AppealForm()
    if form.validate_on_submit():
        try:
            appeal_services.submit_appeal(current_user, item, form.text.data)
        except DomainError as error:
            flash_refusal(error)
            return redirect(request.path)
        db.session.commit()
        flash(_("Your appeal is sent. A moderator other than the one who hid it will decide."),
              "success")
        return redirect(item_url(item))
    return render_form("moderation/appeal.html", form, item=item, kind=kind,
                       appeal=appeal_services.appeal_for(item))


@bp.route("/moderation/ideas/<id:idea_id>/appeal", methods=["GET", "POST"])
@login_required
def appeal_idea(idea_id):
    return appeal_form(db.get_or_404(Idea, idea_id), "idea")


@bp.route("/moderation/comments/<id:comment_id>/appeal", methods=["GET", "POST"])
@login_required
def appeal_comment(comment_id):
    return appeal_form(db.get_or_404(Comment, comment_id), "comment")
