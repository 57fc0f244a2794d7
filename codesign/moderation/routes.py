"""Moderators' pages: the queue, the log, and the actions on ideas, comments
and accounts. Every action is a POST form; a state change that no longer
applies (hiding what is hidden, a replayed form) is a message, not an error."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import permissions
from ..decorators import role_required
from ..exceptions import DomainError
from ..extensions import db
from ..models import Appeal, Comment, Idea, Role, User
from ..web import flash_refusal, page_arg, safe_next
from . import appeal_services, bp, entries, queries, services
from .forms import ActionForm, BlockForm, DecisionForm, HideForm
from .links import item_url
from .words import CachedLabel, reason_options

LOG_PER_PAGE = 50
NEW_ACCOUNTS_PER_PAGE = 50

# A hidden comment in a thread shows its appeal to its author (comments/_thread.html).
bp.add_app_template_global(appeal_services.appeal_for, "appeal_for")
bp.add_app_template_global(item_url, "moderation_item_url")
bp.add_app_template_global(reason_options, "reason_options")
bp.add_app_template_global(CachedLabel, "cached_label")
# The queue's entries, each kept rendered with the moderator's actions (entries.py).
bp.add_app_template_global(entries.render, "queue_entries")


@bp.get("/moderation")
@role_required(Role.MODERATOR)
def queue():
    page = queries.queue(page_arg(request.args.get("page")),
                         current_app.config["MODERATION_PER_PAGE"])
    appeals = queries.pending_appeals()
    shown = [row.item for row in page.items] + [item for _appeal, item, _by in appeals]
    return render_template("moderation/queue.html", page=page, appeals=appeals,
                           ideas=queries.ideas_of(shown))


@bp.get("/moderation/log")
@role_required(Role.MODERATOR)
def log():
    page = queries.log_page(page_arg(request.args.get("page")), LOG_PER_PAGE)
    return render_template("moderation/log.html", page=page,
                           ideas=queries.ideas_of(item for _action, item in page.items))


@bp.get("/moderation/new-accounts")
@role_required(Role.MODERATOR)
def new_accounts():
    page = queries.new_accounts(page_arg(request.args.get("page")),
                                NEW_ACCOUNTS_PER_PAGE)
    return render_template("moderation/new_accounts.html", page=page,
                           days=queries.NEW_ACCOUNTS_WITHIN.days)


# Each action: its form, its service, and what to say once it is done.
ACTIONS = {
    "hide": (HideForm, services.hide_item, _l("It is hidden, and its author is told why.")),
    "restore": (ActionForm, services.restore_item, _l("It is shown again.")),
    "dismiss": (ActionForm, services.dismiss_reports, _l("The reports are dismissed.")),
    "block": (BlockForm, services.block_user,
              _l("The account is blocked and signed out everywhere.")),
    "unblock": (ActionForm, services.unblock_user, _l("The account is unblocked.")),
}


def _idea_of(item, kind):
    """{id: idea} for a comment on an idea, so its heading names the idea
    (and a comment on a proposal says so); empty otherwise."""
    if kind != "comment" or item is None or not item.idea_id:
        return {}
    return {item.idea_id: db.session.get(Idea, item.idea_id)}


def back(form):
    """To where the moderator acted from (the queue, or the item's page)."""
    return redirect(safe_next(form.next.data, url_for("moderation.queue")))


def act(item, kind, action):
    """Validate the action's form, call its service, commit once, go back."""
    form_class, service, done = ACTIONS[action]
    if kind != "user" and not permissions.can_moderate_item(current_user, item):
        abort(403)  # their own: another moderator decides
    form = form_class()
    if not form.validate_on_submit():
        return render_template("moderation/action.html", form=form, item=item, kind=kind,
                               action=action, ideas=_idea_of(item, kind)), 422
    values = {name: form[name].data for name in ("reason", "note") if name in form}
    try:
        service(current_user, item, **values)
    except DomainError as error:
        flash_refusal(error)
    else:
        db.session.commit()
        flash(str(done), "success")
    return back(form)


@bp.post("/moderation/ideas/<id:idea_id>/hide")
@role_required(Role.MODERATOR)
def hide_idea(idea_id):
    return act(db.get_or_404(Idea, idea_id), "idea", "hide")


@bp.post("/moderation/ideas/<id:idea_id>/restore")
@role_required(Role.MODERATOR)
def restore_idea(idea_id):
    return act(db.get_or_404(Idea, idea_id), "idea", "restore")


@bp.post("/moderation/ideas/<id:idea_id>/dismiss")
@role_required(Role.MODERATOR)
def dismiss_idea(idea_id):
    return act(db.get_or_404(Idea, idea_id), "idea", "dismiss")


@bp.post("/moderation/comments/<id:comment_id>/hide")
@role_required(Role.MODERATOR)
def hide_comment(comment_id):
    return act(db.get_or_404(Comment, comment_id), "comment", "hide")


@bp.post("/moderation/comments/<id:comment_id>/restore")
@role_required(Role.MODERATOR)
def restore_comment(comment_id):
    return act(db.get_or_404(Comment, comment_id), "comment", "restore")


@bp.post("/moderation/comments/<id:comment_id>/dismiss")
@role_required(Role.MODERATOR)
def dismiss_comment(comment_id):
    return act(db.get_or_404(Comment, comment_id), "comment", "dismiss")


def load_account(user_id):
    """An account this moderator may act on: not their own, and of a lower role."""
    target = db.get_or_404(User, user_id)
    if not permissions.can_moderate_user(current_user, target):
        abort(403)
    return target


@bp.post("/moderation/users/<id:user_id>/block")
@role_required(Role.MODERATOR)
def block_user(user_id):
    return act(load_account(user_id), "user", "block")


@bp.post("/moderation/users/<id:user_id>/unblock")
@role_required(Role.MODERATOR)
def unblock_user(user_id):
    return act(load_account(user_id), "user", "unblock")


@bp.post("/moderation/users/<id:user_id>/dismiss")
@role_required(Role.MODERATOR)
def dismiss_user(user_id):
    return act(load_account(user_id), "user", "dismiss")


@bp.post("/moderation/appeals/<id:appeal_id>/decide")
@role_required(Role.MODERATOR)
def decide_appeal(appeal_id):
    appeal = db.get_or_404(Appeal, appeal_id)
    # A decided appeal is a replayed form: the service says so below.
    if appeal.decided_at is None and not permissions.can_decide_appeal(current_user, appeal):
        abort(403)
    form = DecisionForm()
    if not form.validate_on_submit():
        item = appeal_services.appeal_item(appeal)
        return render_template("moderation/decide.html", form=form, appeal=appeal, item=item,
                               ideas=_idea_of(item, "comment" if appeal.comment_id else "")), 422
    try:
        appeal_services.decide_appeal(current_user, appeal, form.outcome.data, form.note.data)
    except DomainError as error:
        flash_refusal(error)
    else:
        db.session.commit()
        flash(_("The appeal is decided and its author told."), "success")
    return back(form)
