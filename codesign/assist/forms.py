from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, NumberRange, Optional, ValidationError

from ..formfields import text_field
from ..formtext import postcode_district
from ..ideas.forms import IdeaForm
from ..language import NAMES, offered
from ..models.assisted import DISTRICT_MAX, ENTRY_PLACE_MAX, PHONE_MAX, RESIDENT_NAME_MAX, Channel
from ..models.comment import BODY_MAX
from ..web import MAX_ID


def channel_choices():
    return [(Channel.DESK.value, _l("At a desk (library, council office)")),
            (Channel.PHONE.value, _l("On the phone")),
            (Channel.PAPER.value, _l("On a paper form")),
            (Channel.EVENT.value, _l("At an event or drop-in session"))]


class ResidentForm(FlaskForm):
    name = text_field(StringField, _l("Resident’s full name"), RESIDENT_NAME_MAX,
                      _l("Keep the name to %(max)d characters or fewer"),
                      required=_l("Enter the resident’s name"))
    postcode = text_field(StringField, _l("Postcode district (optional)"), DISTRICT_MAX + 4,
                          _l("Enter a postcode district such as CF10, or a full postcode"))
    email = EmailField(_l("Email address (optional)"),
                       filters=[lambda value: value.strip() if isinstance(value, str) else value],
                       validators=[Optional(), Email(_l(
                           "Enter an email address in the correct format, like name@example.com"))])
    phone = text_field(StringField, _l("Phone number (optional)"), PHONE_MAX,
                       _l("Keep the phone number to %(max)d characters or fewer"))
    language = SelectField(_l("Language for emails"), choices=lambda: [(code, NAMES.get(code, code))
                                            for code in offered()])
    agreed = BooleanField(_l("The resident agreed that we keep their name and these details to "
                             "enter their ideas, comments and supports"),
                          validators=[DataRequired(_l("Ask the resident, and tick the box once they agree"))])
    submit = SubmitField(_l("Continue"))

    def validate_postcode(self, field):
        district = postcode_district(field.data)
        if district is None:
            raise ValidationError(_l("Enter a postcode district such as CF10, or a full postcode"))
        self.district = district

    def validate_email(self, field):
        if field.data and len(field.data) > 254:
            raise ValidationError(_l("Keep the email address to 254 characters or fewer"))


class _HowMixin:
    """How and where the entry came, and the resident's agreement."""

    channel = SelectField(_l("How it came"), choices=channel_choices,
                          validators=[DataRequired(_l("Choose how it came"))],
                          invalid_choice_message=_l("Choose how it came"))
    where = text_field(StringField, _l("Where"), ENTRY_PLACE_MAX,
                       _l("Keep the place to %(max)d characters or fewer"),
                       required=_l("Enter where it came, such as the library’s name"))
    agreed = BooleanField(_l("The resident agreed that I enter this for them"),
                          validators=[DataRequired(_l("Ask the resident, and tick the box once they agree"))])


class AssistedIdeaForm(_HowMixin, IdeaForm):
    submit = SubmitField(_l("Publish the idea for the resident"))


_IDEA_NUMBER = _l("Enter the idea’s number, from its address: /ideas/123")


class IdeaNumberMixin:
    idea = IntegerField(_l("Idea number"),
                        validators=[DataRequired(_IDEA_NUMBER),
                                    NumberRange(min=1, max=MAX_ID, message=_IDEA_NUMBER)])


class AssistedCommentForm(_HowMixin, IdeaNumberMixin, FlaskForm):
    body = text_field(TextAreaField, _l("The resident’s comment"), BODY_MAX,
                      _l("Keep the comment to %(max)d characters or fewer"),
                      required=_l("Write down the resident’s comment"))
    submit = SubmitField(_l("Add the comment for the resident"))


class AssistedSupportForm(_HowMixin, IdeaNumberMixin, FlaskForm):
    submit = SubmitField(_l("Add the resident’s support"))


class TrackForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: looking up changes nothing

    reference = text_field(StringField, _l("Reference number"), 40,
                           _l("Enter the reference number on your slip, such as KX7F-3QWA-9MCD"),
                           required=_l("Enter the reference number on your slip, such as KX7F-3QWA-9MCD"))
