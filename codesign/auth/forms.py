from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ..formtext import clean_name, clean_text
from ..models.user import DISPLAY_NAME_MAX, EMAIL_MAX
from .passwords import PASSWORD_MIN, password_problem

# No maxlength attribute: a browser would cut a pasted password short without
# a word; an over-long value gets the error message instead.
NO_MAXLENGTH = {"maxlength": False}


def email_field(label=None, description=""):
    return EmailField(
        label or _l("Email address"),
        description=description,
        filters=[clean_text],
        validators=[
            DataRequired(_l("Enter your email address")),
            Length(max=EMAIL_MAX, message=_l("Your email address must be %(max)d characters or fewer")),
            Email(_l("Enter an email address in the correct format, like name@example.com")),
        ],
    )


def _password_rules(form, field):
    problem = password_problem(field.data, form.personal_words())
    if problem:
        raise ValidationError(problem)


def new_password_fields(label=None, confirm_label=None):
    password = PasswordField(
        label or _l("Password"),
        render_kw=NO_MAXLENGTH,
        description=_l("At least %(min)d characters. A few unrelated words make a strong password.",
                       min=PASSWORD_MIN),
        validators=[DataRequired(_l("Enter a password")), _password_rules],
    )
    confirm = PasswordField(
        confirm_label or _l("Confirm password"),
        validators=[
            DataRequired(_l("Enter your password again")),
            EqualTo("password", message=_l("The passwords do not match")),
        ],
    )
    return password, confirm


class RegisterForm(FlaskForm):
    email = email_field(description=_l(
        "One account per mailbox: addresses that differ only by a +tag, or by dots "
        "in a Gmail address, are the same mailbox."))
    display_name = StringField(
        _l("Display name"),
        render_kw=NO_MAXLENGTH,
        description=_l("Shown beside your ideas and comments. Up to %(max)d characters, "
                       "and not a name someone else has.", max=DISPLAY_NAME_MAX),
        filters=[clean_name],
        validators=[
            DataRequired(_l("Enter a display name")),
            Length(max=DISPLAY_NAME_MAX,
                   message=_l("Your display name must be %(max)d characters or fewer")),
        ],
    )
    password, confirm = new_password_fields()
    submit = SubmitField(_l("Create account"))

    def personal_words(self):
        return (self.email.data, self.display_name.data)


class LoginForm(FlaskForm):
    # No format check: a typo gets the same answer as a wrong password.
    email = EmailField(_l("Email address"), filters=[clean_text],
                       validators=[DataRequired(_l("Enter your email address"))])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password"))])
    remember = BooleanField(_l("Keep me signed in on this device"))
    submit = SubmitField(_l("Sign in"))


def _looks_like_email(form, field):
    local, at, domain = (field.data or "").rpartition("@")
    if not (local and at and domain):
        raise ValidationError(_l("Enter an email address in the correct format, like name@example.com"))


class ResetRequestForm(FlaskForm):
    # Only a light check: any address an account was ever created with must be
    # able to ask, even one a newer email-validator would refuse.
    email = EmailField(
        _l("Email address"),
        filters=[clean_text],
        validators=[
            DataRequired(_l("Enter your email address")),
            Length(max=EMAIL_MAX, message=_l("Your email address must be %(max)d characters or fewer")),
            _looks_like_email,
        ],
    )
    submit = SubmitField(_l("Send me a reset link"))


class ResetPasswordForm(FlaskForm):
    password, confirm = new_password_fields()
    submit = SubmitField(_l("Set new password"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def personal_words(self):
        return (self.user.email, self.user.display_name) if self.user is not None else ()
