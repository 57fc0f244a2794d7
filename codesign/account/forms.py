from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from ..auth.forms import NO_MAXLENGTH, email_field, new_password_fields
from ..formtext import clean_name
from ..models.user import DISPLAY_NAME_MAX


def _current_password():
    return PasswordField(_l("Your current password"),
                         validators=[DataRequired(_l("Enter your current password"))])


class NameForm(FlaskForm):
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
    submit = SubmitField(_l("Change display name"))


class EmailForm(FlaskForm):
    new_email = email_field(label=_l("New email address"), description=_l(
        "We send a link to the new address. Your address changes when you open it."))
    email_password = _current_password()
    submit = SubmitField(_l("Send the confirmation link"))


class PasswordForm(FlaskForm):
    current_password = _current_password()
    password, confirm = new_password_fields(_l("New password"), _l("Confirm new password"))
    submit = SubmitField(_l("Change password"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def personal_words(self):
        return (self.user.email, self.user.display_name) if self.user is not None else ()


class ConfirmForm(FlaskForm):
    """A button: opening an emailed link changes nothing until it is pressed."""

    submit = SubmitField(_l("Use this address"))


class DownloadForm(FlaskForm):
    submit = SubmitField(_l("Download my data (JSON)"))
