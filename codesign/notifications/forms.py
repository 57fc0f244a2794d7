from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from ..models import EmailPreference


class EmailPreferenceForm(FlaskForm):
    email_preference = RadioField(
        _l("Email me about notifications"),
        choices=[
            (EmailPreference.IMMEDIATE.value, _l("Immediately: one email for each notification")),
            (EmailPreference.DAILY.value, _l("Once a day: a digest of what happened")),
            (EmailPreference.OFF.value, _l("Never: I will look on the site")),
        ],
        validators=[InputRequired(_l("Choose how often we email you"))],
        invalid_choice_message=_l("Choose how often we email you"),
    )
    submit = SubmitField(_l("Save email settings"))
