from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Optional

from ..formfields import (
    optional_int,
    service_area_choices,
    service_area_field,
    text_field,
    written_language_field,
)
from ..models.idea import DESCRIPTION_MAX, PLACE_MAX, TITLE_MAX


class IdeaForm(FlaskForm):
    title = text_field(StringField, _l("Title"), TITLE_MAX,
                       _l("Keep the title to %(max)d characters or fewer"),
                       required=_l("Enter a title for your idea"))
    description = text_field(TextAreaField, _l("Describe your idea"), DESCRIPTION_MAX,
                             _l("Keep the description to %(max)d characters or fewer"),
                             required=_l("Describe your idea"))
    service_area = service_area_field(_l("Service area"), _l("Choose the service your idea is about"))
    # Only open challenges are offered, so a closed one sent anyway is refused here.
    challenge = SelectField(
        _l("Challenge (optional)"), coerce=optional_int, validators=[Optional()],
        invalid_choice_message=_l("That challenge is closed to new ideas. Choose an open one, or none."),
    )
    place = text_field(StringField, _l("Neighbourhood or place (optional)"), PLACE_MAX,
                       _l("Keep the place to %(max)d characters or fewer"))
    language = written_language_field()
    submit = SubmitField(_l("Publish idea"))
    # The step without JavaScript: show the ideas like this title, save nothing.
    check = SubmitField(_l("Check for similar ideas"))

    def set_choices(self, areas, challenges):
        self.service_area.choices = service_area_choices(areas)
        self.challenge.choices = [(None, _l("No challenge"))] + [
            (challenge.id, challenge.question) for challenge in challenges
        ]
