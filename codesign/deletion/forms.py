from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from ..formtext import clean_text

CONFIRM_WORD = "DELETE"
REASON_MAX = 200


def _typed_confirmation(form, field):
    if (field.data or "").strip().upper() != CONFIRM_WORD:
        raise ValidationError(_l("Type DELETE to confirm"))


def _confirm_field():
    return StringField(
        _l("Type DELETE to confirm"), filters=[clean_text],
        validators=[DataRequired(_l("Type DELETE to confirm")), _typed_confirmation],
        render_kw={"autocomplete": "off", "spellcheck": "false"})


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"),
                             validators=[DataRequired(_l("Enter your password"))])
    confirm = _confirm_field()


class AdminDeleteForm(FlaskForm):
    reason = StringField(
        _l("Why"), filters=[clean_text],
        description=_l("For the moderation log, like “request by letter of 3 March”. "
                       "Do not write the person’s name or address."),
        validators=[DataRequired(_l("Say why the account is deleted")),
                    Length(max=REASON_MAX, message=_l("Keep it to %(max)d characters or fewer"))])
    confirm = _confirm_field()
