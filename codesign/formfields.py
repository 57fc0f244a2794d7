"""The fields several forms build the same way: typed text that is cleaned
and kept to the column's length, and the choice of a service area."""
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from .formtext import clean_line, clean_text
from .models.idea import WRITTEN_LANGUAGES


def text_field(field_class, label, max_length, too_long, required=None, **kwargs):
    """A StringField or TextAreaField. `required` is the message for an empty
    one; without it the field may be left empty. A StringField is one line:
    control characters are taken out of it."""
    return field_class(
        label,
        filters=[clean_text if issubclass(field_class, TextAreaField) else clean_line],
        validators=[DataRequired(required) if required else Optional(),
                    Length(max=max_length, message=too_long)],
        **kwargs,
    )


def optional_int(value):
    """An id from a select, or None for the empty choice (and for nonsense,
    which DataRequired then refuses)."""
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def service_area_field(label, required, invalid_choice=None):
    return SelectField(label, coerce=optional_int, validators=[DataRequired(required)],
                       invalid_choice_message=invalid_choice)


def service_area_choices(areas):
    return [(None, _l("Choose a service area"))] + [(area.id, area.name) for area in areas]


def written_language_field():
    """"Language this is written in", for an idea or a comment. Shown only
    while the site offers more than one language (templates/_written_language.html);
    left out of a post, the writer's own language is meant (the route's to say)."""
    return RadioField(_l("Language this is written in"),
                      choices=[(code, code) for code in WRITTEN_LANGUAGES],
                      validators=[Optional()],
                      invalid_choice_message=_l("Choose the language this is written in"))
