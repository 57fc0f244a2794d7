"""Administration of accounts: find people, change their role, block and
unblock them (the blocking rules are the moderators', in moderation.services)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import permissions
from ..decorators import role_required
from ..exceptions import DomainError
from ..extensions import db
from ..models import Role, User
from ..moderation import services as moderation
from ..web import field_error, page_arg
from . import bp, services
from .forms import BlockForm, RoleForm, UnblockForm


@bp.get("/users")
@role_required(Role.ADMIN)
def users():
    query = request.args.get("q", "")[:254]
    page = services.search_users(query, page_arg(request.args.get("page")))
    return render_template("admin/users.html", page=page, query=query)


def _render_user(user, status=200, role_form=None, block_form=None, unblock_form=None):
    return render_template(
        "admin/user.html", user=user,
        role_form=role_form or RoleForm(formdata=None, role=user.role),
        block_form=block_form or BlockForm(formdata=None),
        unblock_form=unblock_form or UnblockForm(formdata=None),
    ), status


@bp.get("/users/<id:user_id>")
@role_required(Role.ADMIN)
def user(user_id):
    return _render_user(db.get_or_404(User, user_id))


@bp.post("/users/<id:user_id>/role")
@role_required(Role.ADMIN)
def change_role(user_id):
    target = db.get_or_404(User, user_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            services.change_role(current_user, target, form.role.data)
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s’s role is changed.", name=target.display_name), "success")
            return redirect(url_for("admin.user", user_id=target.id))
    return _render_user(target, 422, role_form=form)


def _check_can_moderate(target):
    if not permissions.can_moderate_user(current_user, target):
        abort(403)


@bp.post("/users/<id:user_id>/block")
@role_required(Role.ADMIN)
def block(user_id):
    target = db.get_or_404(User, user_id)
    _check_can_moderate(target)
    form = BlockForm()
    if form.validate_on_submit():
        try:
            moderation.block_user(current_user, target, form.reason.data, form.note.data)
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s is blocked and signed out everywhere.", name=target.display_name),
                  "success")
            return redirect(url_for("admin.user", user_id=target.id))
    return _render_user(target, 422, block_form=form)


@bp.post("/users/<id:user_id>/unblock")
@role_required(Role.ADMIN)
def unblock(user_id):
    target = db.get_or_404(User, user_id)
    _check_can_moderate(target)
    form = UnblockForm()
    if form.validate_on_submit():
        try:
            moderation.unblock_user(current_user, target, form.note.data or "")
        except DomainError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s is no longer blocked.", name=target.display_name), "success")
            return redirect(url_for("admin.user", user_id=target.id))
    return _render_user(target, 422, unblock_form=form)
