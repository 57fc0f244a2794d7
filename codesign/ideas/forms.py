from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..comments.forms import CommentForm  # noqa: F401  (the idea page shows it)
from ..formtext import clean_text
from ..models.idea import DESCRIPTION_MAX, PLACE_MAX, TITLE_MAX


def _optional_int(value):
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class IdeaForm(FlaskForm):
    title = StringField(
        _l("Title"),
        filters=[clean_text],
        validators=[
            DataRequired(_l("Enter a title for your idea")),
            Length(max=TITLE_MAX, message=_l("Keep the title to %(max)d characters or fewer")),
        ],
    )
    description = TextAreaField(
        _l("Describe your idea"),
        filters=[clean_text],
        validators=[
            DataRequired(_l("Describe your idea")),
            Length(max=DESCRIPTION_MAX,
                   message=_l("Keep the description to %(max)d characters or fewer")),
        ],
    )
    service_area = SelectField(
        _l("Service area"), coerce=_optional_int,
        validators=[DataRequired(_l("Choose the service your idea is about"))],
    )
    # Only open challenges are offered, so a closed one sent anyway is refused here.
    challenge = SelectField(
        _l("Challenge (optional)"), coerce=_optional_int, validators=[Optional()],
        invalid_choice_message=_l("That challenge is closed to new ideas. Choose an open one, or none."),
    )
    place = StringField(
        _l("Neighbourhood or place (optional)"),
        filters=[clean_text],
        validators=[Optional(), Length(max=PLACE_MAX,
                                       message=_l("Keep the place to %(max)d characters or fewer"))],
    )
    submit = SubmitField(_l("Publish idea"))

    def set_choices(self, areas, challenges):
        self.service_area.choices = [(None, _l("Choose a service area"))] + [
            (area.id, area.name) for area in areas
        ]
        self.challenge.choices = [(None, _l("No challenge"))] + [
            (challenge.id, challenge.question) for challenge in challenges
        ]
