"""Notifications over HTTP: the list, marking read, email settings, the
unsubscribe link from emails, and the follow buttons on ideas and proposals."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import permissions
from ..extensions import csrf, db
from ..models import EmailPreference, Idea, Proposal
from ..web import or_404, page_arg, render_form
from . import bp, items, mailing, messages, queries, services
from .forms import EmailPreferenceForm

# Each notification on the page, kept rendered under what it shows (items.py).
bp.add_app_template_global(items.render, "notification_items")


@bp.get("/notifications")
@login_required
def index():
    page = queries.page_for(current_user, page_arg(request.args.get("page")))
    shown = [items.item_for(row, current_user) for row in page.items]
    return render_template("notifications/index.html", page=page, items=shown)


@bp.post("/notifications/<id:notification_id>/read")
@login_required
def read(notification_id):
    notification = or_404(queries.get_for_user(current_user, notification_id))
    target = messages.target_url(notification)
    services.mark_read(notification)
    db.session.commit()
    return redirect(target)


@bp.post("/notifications/read-all")
@login_required
def read_all():
    services.mark_all_read(current_user)
    db.session.commit()
    flash(_("All your notifications are marked as read."), "success")
    return redirect(url_for("notifications.index"))


@bp.route("/notifications/settings", methods=["GET", "POST"])
@login_required
def settings():
    form = EmailPreferenceForm(
        data={"email_preference": current_user.email_preference} if request.method == "GET" else None)
    if form.validate_on_submit():
        services.set_email_preference(current_user, form.email_preference.data)
        db.session.commit()
        flash(_("Your email settings are saved."), "success")
        return redirect(url_for("notifications.settings"))
    return render_form("notifications/settings.html", form)


@bp.post("/notifications/settings/unsubscribe-links")
@login_required
def renew_unsubscribe_links():
    services.renew_unsubscribe_links(current_user._get_current_object())
    db.session.commit()
    flash(_("The unsubscribe links in the emails we sent you before no longer work. "
            "Emails from now on have new ones."), "success")
    return redirect(url_for("notifications.settings"))


# Exempt from CSRF on purpose: mail clients send the RFC 8058 one-click
# unsubscribe as a POST with no token and no session. The signed token in the
# URL is the proof instead, and all it can do is turn notification email off.
@csrf.exempt
@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token):
    user = mailing.user_for_unsubscribe_token(token)
    if user is None:
        return render_template("notifications/unsubscribe_problem.html"), 400
    if request.method == "POST":
        services.set_email_preference(user, EmailPreference.OFF)
        db.session.commit()
        return render_template("notifications/unsubscribed.html")
    return render_template("notifications/unsubscribe.html", token=token)


# -- following ----------------------------------------------------------------

@bp.post("/ideas/<id:idea_id>/follow")
@login_required
def follow_idea(idea_id):
    idea = db.get_or_404(Idea, idea_id)
    if not permissions.can_follow_idea(current_user, idea):
        abort(403)
    services.follow(current_user, idea=idea)
    db.session.commit()
    flash(_("You are following this idea. We will tell you when it changes."), "success")
    return redirect(url_for("ideas.detail", idea_id=idea.id, _anchor="follow"))


@bp.post("/ideas/<id:idea_id>/unfollow")
@login_required
def unfollow_idea(idea_id):
    idea = db.get_or_404(Idea, idea_id)
    services.unfollow(current_user, idea=idea)
    db.session.commit()
    flash(_("You no longer follow this idea."), "success")
    return redirect(url_for("ideas.detail", idea_id=idea.id, _anchor="follow"))


@bp.post("/proposals/<id:proposal_id>/follow")
@login_required
def follow_proposal(proposal_id):
    proposal = db.get_or_404(Proposal, proposal_id)
    if not permissions.can_view_proposal(current_user, proposal):
        abort(404)
    if not permissions.can_follow_proposal(current_user, proposal):
        abort(403)
    services.follow(current_user, proposal=proposal)
    db.session.commit()
    flash(_("You are following this proposal. We will tell you when it changes."), "success")
    return redirect(messages.proposal_url(proposal.id, anchor="follow"))


@bp.post("/proposals/<id:proposal_id>/unfollow")
@login_required
def unfollow_proposal(proposal_id):
    proposal = db.get_or_404(Proposal, proposal_id)
    if not permissions.can_view_proposal(current_user, proposal):
        abort(404)
    services.unfollow(current_user, proposal=proposal)
    db.session.commit()
    flash(_("You no longer follow this proposal."), "success")
    return redirect(messages.proposal_url(proposal.id, anchor="follow"))
