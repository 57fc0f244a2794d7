from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from ..formtext import clean_text
from ..labels import IDEA_STATUS_LABELS
from ..models.idea import DESCRIPTION_MAX, IdeaStatus
from ..web import id_arg

RESPONSE_MAX = DESCRIPTION_MAX

# The statuses a status form may ask for; which of them apply to a given idea
# is the services' decision (staff.services.TRANSITIONS).
SETTABLE = (IdeaStatus.UNDER_REVIEW.value, IdeaStatus.NOT_TAKEN_FORWARD.value,
            IdeaStatus.ALREADY_PLANNED.value)

def _response_field(label):
    return TextAreaField(
        label,
        filters=[clean_text],
        validators=[
            DataRequired(_l("Write the official response residents will read")),
            Length(max=RESPONSE_MAX,
                   message=_l("Keep the response to %(max)d characters or fewer")),
        ],
    )


class StatusField(SelectField):
    """Offers the statuses that apply to the idea but accepts any settable
    one, so a status that no longer applies (a replayed form) is explained
    by the services rather than refused as an unknown choice."""

    def pre_validate(self, form):
        if self.data not in (None, "", *SETTABLE):
            raise ValidationError(_l("Choose one of the statuses listed"))


class StatusForm(FlaskForm):
    status = StatusField(
        _l("New status"),
        validators=[DataRequired(_l("Choose the new status"))],
    )
    response = _response_field(_l("Official response"))

    def offer(self, statuses):
        """The statuses the select shows."""
        self.offered = tuple(statuses)
        self.status.choices = [("", _l("Choose a status"))] + [
            (status, IDEA_STATUS_LABELS[status]) for status in statuses
        ]


def parse_idea_number(text):
    """"12" or "#12" as 12; None if it is not an idea number."""
    return id_arg((text or "").strip().lstrip("#").strip())


class MergeForm(FlaskForm):
    # The idea's number typed, or a candidate's number chosen from the
    # list, or OTHER with the number typed in target_number.
    target = StringField(
        _l("Duplicate of idea number"),
        filters=[clean_text],
        validators=[DataRequired(_l("Enter the number of the idea this one duplicates"))],
    )
    target_number = StringField(_l("Another idea, by its number"), filters=[clean_text])
    response = _response_field(_l("Official response"))

    OTHER = "other"

    def _typed(self):
        return self.target_number.data if self.target.data == self.OTHER else self.target.data

    def validate_target(self, field):
        if field.data == self.OTHER and not self.target_number.data:
            raise ValidationError(_l("Enter the number of the idea this one duplicates"))
        if parse_idea_number(self._typed()) is None:
            raise ValidationError(
                _l("Enter an idea number, like 42 (it is in the idea's address)"))

    @property
    def target_id(self):
        return parse_idea_number(self._typed())


class UnmergeForm(FlaskForm):
    response = _response_field(_l("Official response"))
