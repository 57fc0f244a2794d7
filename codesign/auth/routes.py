"""Accounts over HTTP: register, confirm the address, sign in and out, reset a
forgotten password. The rules are in services; here we validate, commit once
and answer, and never let the answer tell whether an address is registered."""
from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from .. import mail
from ..exceptions import DomainError
from ..extensions import db
from ..reach.forms import answers_from, questions_form
from ..reach.services import save_answers
from ..web import field_error, render_form, safe_next
from . import bp, services, sessions
from .forms import LoginForm, RegisterForm, ResetPasswordForm, ResetRequestForm

# The address a "check your email" page mentions, between the POST and the GET.
CHECK_EMAIL_KEY = "auth_check_email"
# What a visitor's session keeps when they sign in: their order of the idea
# list. Everything else (the CSRF token above all) starts afresh, so values
# planted in the session before sign-in are worth nothing after it.
KEPT_AT_SIGN_IN = ("shuffle",)


def _redirect_next():
    return redirect(safe_next(request.args.get("next"), url_for("main.index")))


def _check_email(email, reason):
    session[CHECK_EMAIL_KEY] = email
    return redirect(url_for("auth.check_email", reason=reason))


def _link_problem(error, kind):
    return render_template("auth/link_problem.html", error=error, kind=kind), 400


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        flash(_("You are already signed in."), "info")
        return redirect(url_for("main.index"))
    form = RegisterForm()
    # The optional questions about the person (codesign/reach), if the site asks any.
    about = questions_form(formdata=request.form if request.method == "POST" else None,
                           prefix="about")
    if form.validate_on_submit() & about.validate():
        try:
            user = services.register_user(form.email.data, form.display_name.data,
                                          form.password.data, locale=str(get_locale()))
            if user is not None:  # not when the address had an account: that is its owner's
                save_answers(user, answers_from(about))
        except DomainError as error:
            field_error(form, error)
            return render_form("auth/register.html", form, about=about)
        db.session.commit()
        return _check_email(form.email.data, "register")
    return render_form("auth/register.html", form, about=about)


@bp.get("/check-email")
def check_email():
    reason = "reset" if request.args.get("reason") == "reset" else "register"
    return render_template("auth/check_email.html", reason=reason,
                           email=session.pop(CHECK_EMAIL_KEY, None))


@bp.get("/confirm/<token>")
def confirm(token):
    try:
        user, confirmed_now = services.confirm_email(token)
    except services.LinkError as error:
        return _link_problem(error, "confirm")
    db.session.commit()
    if current_user.is_authenticated and current_user.id == user.id:
        if confirmed_now:
            flash(_("Your email address is confirmed. You can now propose, support and comment."),
                  "success")
        else:
            flash(_("Your email address is already confirmed; this link has been used."), "info")
        return redirect(url_for("main.index"))
    if confirmed_now and not current_user.is_authenticated:
        # The link came to their inbox, so it proves who they are: no second
        # sign-in straight after confirming. A used link signs nobody in.
        _renew_session()
        sessions.sign_in(user)
        db.session.commit()
        flash(_("Your email address is confirmed and you are signed in. "
                "You can now propose, support and comment."), "success")
        return redirect(url_for("main.index"))
    if confirmed_now:
        flash(_("Your email address is confirmed. Sign in to take part."), "success")
    else:
        flash(_("Your email address is already confirmed; this link has been used. "
                "Sign in to take part."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/resend")
@login_required
def resend():
    user = current_user._get_current_object()
    if services.resend_confirmation(user):
        db.session.commit()
        flash(_("We have sent a new confirmation link to %(email)s. "
                "It can take a few minutes to arrive.", email=user.email), "success")
    else:
        flash(_("Your email address is already confirmed."), "info")
    return redirect(url_for("main.index"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated and request.method == "GET":
        return _redirect_next()
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            _renew_session()
            sessions.sign_in(user, remember=form.remember.data)
            db.session.commit()
            flash(_("You are signed in."), "success")
            return _redirect_next()
        mail.after_response(sessions.record_failed_sign_in, form.email.data, sessions.user_agent())
        form.password.errors.append(_("Email or password is incorrect"))
    return render_form("auth/login.html", form)


def _renew_session():
    """A new session for the signed-in visitor (against session fixation)."""
    kept = {key: session[key] for key in KEPT_AT_SIGN_IN if key in session}
    session.clear()
    session.update(kept)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        session_id = sessions.current_session_id()
        if session_id is not None:
            sessions.end_session(user, session_id)
        sessions.record(user, "signed_out")
        db.session.commit()
        logout_user()
        flash(_("You are signed out on this device."), "success")
    return redirect(url_for("main.index"))


@bp.route("/reset", methods=["GET", "POST"])
def reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        return _check_email(form.email.data, "reset")
    return render_form("auth/reset_request.html", form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    try:
        user = services.user_for_reset_token(token)
    except services.LinkError as error:
        return _link_problem(error, "reset")
    form = ResetPasswordForm(user=user)
    if form.validate_on_submit():
        services.reset_password(user, form.password.data)
        db.session.commit()
        logout_user()
        flash(_("Your password is changed, and you are signed out on every device. "
                "Sign in with your new password."), "success")
        return redirect(url_for("auth.login"))
    return render_form("auth/reset_password.html", form)
