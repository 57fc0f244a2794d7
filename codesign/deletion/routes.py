"""Deleting an account, by its owner or by an admin on their behalf. The
rules are in services.py; here the password, the typed confirmation and
signing out."""
from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from .. import permissions
from ..auth.passwords import verify_password
from ..decorators import role_required
from ..exceptions import DomainError
from ..extensions import db
from ..models import Role, User
from ..web import render_form
from . import bp, services
from .forms import AdminDeleteForm, DeleteAccountForm

# Set once the account is gone, so the confirmation page shows only to the
# browser that deleted it.
DELETED_KEY = "account_deleted"


def _refusal(user):
    try:
        services.check_can_delete(user)
    except DomainError as error:
        return error.message
    return None


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    user = current_user._get_current_object()
    if not permissions.can_delete_own_account(user):
        abort(403)
    form = DeleteAccountForm()
    refusal = _refusal(user)
    if form.validate_on_submit():
        if not verify_password(user, form.password.data):
            form.password.errors.append(_("That is not your password"))
        elif refusal is None:
            services.delete_account(user)
            db.session.commit()
            logout_user()
            session[DELETED_KEY] = True
            return redirect(url_for("deletion.deleted"))
    if refusal is not None and form.is_submitted():
        form.form_errors.append(refusal)
    return render_form("deletion/delete.html", form, refusal=refusal)


@bp.get("/account/deleted")
def deleted():
    if not session.pop(DELETED_KEY, False):
        return redirect(url_for("main.index"))
    return render_template("deletion/deleted.html")


@bp.route("/admin/users/<id:user_id>/delete", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def admin_delete(user_id):
    target = db.get_or_404(User, user_id)
    if not permissions.can_delete_user(current_user, target):
        abort(403)
    form = AdminDeleteForm()
    refusal = _refusal(target)
    if form.validate_on_submit() and refusal is None:
        services.delete_account(target, by=current_user._get_current_object(),
                                reason=form.reason.data)
        db.session.commit()
        flash(_("The account is deleted. What it wrote now shows as by “Former resident”."),
              "success")
        return redirect(url_for("admin.user", user_id=target.id))
    if refusal is not None and form.is_submitted():
        form.form_errors.append(refusal)
    return render_form("deletion/admin_delete.html", form, refusal=refusal, user=target)
