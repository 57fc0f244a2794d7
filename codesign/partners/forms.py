"""The forms: registering an organisation, adding a member, an offer of
help, joining a design group and writing to it. Whether a website is an
http(s) address, and whether the person may offer, is the services' to say."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from ..formfields import text_field
from ..formtext import clean_name, clean_text
from ..models.partner import DESCRIPTION_MAX, NAME_MAX, NOTE_MAX, OFFER_MAX, WEBSITE_MAX
from .labels import OFFER_KIND_LABELS, PARTNER_KIND_LABELS

TOO_LONG = _l("Keep this to %(max)d characters or fewer")
MESSAGE_MAX = 5_000


def _choice(label, labels, required):
    return SelectField(label, choices=[("", _l("Choose one"))] + list(labels.items()),
                       validators=[InputRequired(required)],
                       invalid_choice_message=_l("Choose one of the options listed"))


class PartnerForm(FlaskForm):
    name = StringField(_l("Name of the organisation"), filters=[clean_name],
                       # DataRequired: checked after cleaning, so a name of
                       # invisible characters only is no name.
                       validators=[DataRequired(_l("Give the organisation's name")),
                                   Length(max=NAME_MAX, message=TOO_LONG)])
    kind = _choice(_l("Kind of organisation"), PARTNER_KIND_LABELS,
                   _l("Choose the kind of organisation"))
    website = text_field(StringField, _l("Website"), WEBSITE_MAX, TOO_LONG,
                         required=_l("Give the organisation's website address"))
    description = text_field(TextAreaField, _l("What the organisation does"), DESCRIPTION_MAX,
                             TOO_LONG, required=_l("Say in a few words what it does"))


class MemberForm(FlaskForm):
    email = EmailField(_l("Email address of their account"), filters=[clean_text],
                       validators=[InputRequired(_l("Enter the email address of their account"))])


class OfferForm(FlaskForm):
    kind = _choice(_l("What you offer"), OFFER_KIND_LABELS, _l("Choose what you offer"))
    description = text_field(TextAreaField, _l("Details of your offer"), OFFER_MAX, TOO_LONG,
                             required=_l("Say what you offer and how it would help"))


class JoinForm(FlaskForm):
    note = text_field(TextAreaField, _l("How you can help"), NOTE_MAX, TOO_LONG,
                      required=_l("Say how you can help"))
    credit_by_name = BooleanField(_l("Credit me by name on the proposal and its pilot"))


class MessageForm(FlaskForm):
    message = text_field(TextAreaField, _l("Message to the design group"), MESSAGE_MAX, TOO_LONG,
                         required=_l("Write the message"))
