from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from ..formfields import service_area_choices, service_area_field, text_field
from ..models import ReportReason, Role
from ..models.area import Challenge, ServiceArea

AREA_NAME_MAX = ServiceArea.name.property.columns[0].type.length
QUESTION_MAX = Challenge.question.property.columns[0].type.length
DESCRIPTION_MAX = 10_000
NOTE_MAX = 2_000


def _description_field():
    return text_field(TextAreaField, _l("Description (optional)"), DESCRIPTION_MAX,
                      _l("Keep the description to %(max)d characters or fewer"),
                      description=_l("You can use Markdown."))


def role_choices():
    return [
        (Role.RESIDENT.value, _l("Resident")),
        (Role.CONNECTOR.value, _l("Connector")),
        (Role.MODERATOR.value, _l("Moderator")),
        (Role.STAFF.value, _l("Staff")),
        (Role.ADMIN.value, _l("Administrator")),
    ]


class AreaForm(FlaskForm):
    name = text_field(StringField, _l("Name"), AREA_NAME_MAX,
                      _l("Keep the name to %(max)d characters or fewer"),
                      required=_l("Enter a name for the service area"))
    description = _description_field()
    submit = SubmitField(_l("Save service area"))


class ChallengeForm(FlaskForm):
    question = text_field(
        StringField, _l("Question"), QUESTION_MAX,
        _l("Keep the question to %(max)d characters or fewer"), required=_l("Enter the question"),
        description=_l("Put it to residents, like “How might we make the library easier to reach?”"))
    description = _description_field()
    service_area = service_area_field(_l("Service area"), _l("Choose the service area"),
                                      invalid_choice=_l("Choose one of the service areas"))
    opens_on = DateField(
        _l("Opens on"),
        description=_l("Ideas are taken from the start of this day."),
        validators=[InputRequired(_l("Enter the day the challenge opens"))],
        invalid_value_message=_l("Enter a real date, like 2030-06-30"),
    )
    closes_on = DateField(
        _l("Closes on"),
        description=_l("Ideas are taken until the end of this day, or until the closing time."),
        validators=[InputRequired(_l("Enter the day the challenge closes"))],
        invalid_value_message=_l("Enter a real date, like 2030-06-30"),
    )
    closing_time = TimeField(
        _l("Closing time (optional)"),
        description=_l("Like 17:00. Leave it empty to close at the end of the closing day."),
        validators=[Optional()],
        invalid_value_message=_l("Enter a time of day, like 17:00"),
    )
    submit = SubmitField(_l("Save challenge"))

    def set_choices(self, areas):
        self.service_area.choices = service_area_choices(areas)

    def validate_closes_on(self, field):
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The closing day cannot be before the opening day"))


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=role_choices(),
                       invalid_choice_message=_l("Choose one of the roles"))
    submit = SubmitField(_l("Change role"))


class BlockForm(FlaskForm):
    reason = SelectField(
        _l("Reason"),
        choices=[
            ("", _l("Choose a reason")),
            (ReportReason.SPAM.value, _l("Spam")),
            (ReportReason.OFFENSIVE.value, _l("Offensive")),
            (ReportReason.OFF_TOPIC.value, _l("Off-topic")),
            (ReportReason.PERSONAL_INFORMATION.value, _l("Personal information")),
            (ReportReason.OTHER.value, _l("Other")),
        ],
        validators=[DataRequired(_l("Choose the reason for blocking"))],
        invalid_choice_message=_l("Choose one of the reasons"),
    )
    note = text_field(TextAreaField, _l("Note for the log"), NOTE_MAX,
                      _l("Keep the note to %(max)d characters or fewer"),
                      required=_l("Say why, for the other moderators"))
    submit = SubmitField(_l("Block this account"))


class UnblockForm(FlaskForm):
    note = text_field(TextAreaField, _l("Note for the log (optional)"), NOTE_MAX,
                      _l("Keep the note to %(max)d characters or fewer"))
    submit = SubmitField(_l("Unblock this account"))
