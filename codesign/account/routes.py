"""/account: the signed-in person's name, address, password and browsers.
The rules are in services; here we validate, commit once and answer."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from .. import permissions
from ..auth import sessions
from ..auth.services import LinkError
from ..exceptions import DomainError
from ..extensions import db
from ..web import field_error
from . import bp, queries, services
from .forms import ConfirmForm, EmailForm, NameForm, PasswordForm


def _user():
    return current_user._get_current_object()


def _page(name_form=None, email_form=None, password_form=None):
    """The account page, with the form just sent (and its errors) in its place."""
    user = _user()
    forms = {
        "name_form": name_form or NameForm(display_name=user.display_name, formdata=None),
        "email_form": email_form or EmailForm(formdata=None),
        "password_form": password_form or PasswordForm(user=user, formdata=None),
    }
    failed = any(form.errors for form in forms.values())
    return render_template(
        "account/index.html", **forms, failed=failed,
        sessions=queries.session_list(user, sessions.current_session_id()),
        events=queries.recent_events(user),
    ), 422 if failed else 200


@bp.get("")
@login_required
def index():
    return _page()


@bp.post("/name")
@login_required
def change_name():
    if not permissions.can_change_display_name(current_user):
        abort(403)
    form = NameForm()
    if form.validate_on_submit():
        try:
            changed = services.change_display_name(_user(), form.display_name.data)
        except DomainError as error:
            field_error(form, error)
            return _page(name_form=form)
        db.session.commit()
        if changed:
            flash(_("Your display name is now %(name)s.", name=form.display_name.data), "success")
        else:
            flash(_("That is already your display name."), "info")
        return redirect(url_for("account.index"))
    return _page(name_form=form)


@bp.post("/email")
@login_required
def change_email():
    form = EmailForm()
    if form.validate_on_submit():
        try:
            new_email = services.request_email_change(_user(), form.new_email.data,
                                                      form.email_password.data)
        except DomainError as error:
            field_error(form, error)
            return _page(email_form=form)
        db.session.commit()
        # The same words whether or not another account has the address.
        flash(_("Check the new address, %(email)s: if it can be used for your account, we "
                "have sent a link to it. Your address changes when you open the link.",
                email=new_email), "success")
        return redirect(url_for("account.index"))
    return _page(email_form=form)


@bp.route("/email/<token>", methods=["GET", "POST"])
def confirm_email(token):
    """Opening the link shows what will change; the button makes the change
    (a GET never changes anything, so a mail scanner opening it does nothing)."""
    try:
        user, new_email, done = services.email_change_for(token)
    except LinkError as error:
        return _link_problem(error)
    form = ConfirmForm()
    if not done and form.validate_on_submit():
        try:
            services.confirm_email_change(token)
        except LinkError as error:
            db.session.rollback()
            return _link_problem(error)
        db.session.commit()
        flash(_("Your email address is now %(email)s.", email=new_email), "success")
        signed_in = current_user.is_authenticated and current_user.id == user.id
        return redirect(url_for("account.index" if signed_in else "auth.login"))
    return render_template("account/confirm_email.html", form=form, new_email=new_email,
                           done=done)


def _link_problem(error):
    return render_template("account/link_problem.html", error=error), 400


@bp.post("/password")
@login_required
def change_password():
    user = _user()
    form = PasswordForm(user=user)
    if form.validate_on_submit():
        try:
            services.change_password(user, form.current_password.data, form.password.data,
                                     sessions.current_session_id())
        except DomainError as error:
            field_error(form, error)
            return _page(password_form=form)
        db.session.commit()
        flash(_("Your password is changed. Every other device signed in to your account "
                "is signed out."), "success")
        return redirect(url_for("account.index"))
    return _page(password_form=form)


@bp.post("/sessions/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    services.sign_out_everywhere(_user())
    db.session.commit()
    logout_user()
    flash(_("You are signed out on every device, this one too."), "success")
    return redirect(url_for("main.index"))


@bp.post("/sessions/<id:session_id>/sign-out")
@login_required
def end_session(session_id):
    this_one = session_id == sessions.current_session_id()
    if not services.sign_out_session(_user(), session_id):
        abort(404)
    db.session.commit()
    if this_one:  # the same as the header's "Sign out"
        logout_user()
        flash(_("You are signed out on this device."), "success")
        return redirect(url_for("main.index"))
    flash(_("That device is signed out."), "success")
    return redirect(url_for("account.index"))
