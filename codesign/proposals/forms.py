from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields import DateField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from ..clock import utcnow
from ..formfields import service_area_choices, service_area_field, text_field
from ..formtext import clean_text
from ..labels import COST_BAND_LABELS, PROPOSAL_STATUS_LABELS
from ..models.proposal import FIELD_MAX, TEAM_MAX, TITLE_MAX
from ..web import id_arg


def _markdown_field(label, required_message, too_long_message):
    return text_field(TextAreaField, label, FIELD_MAX, too_long_message, required=required_message)


class ProposalForm(FlaskForm):
    title = text_field(StringField, _l("Title"), TITLE_MAX,
                       _l("Keep the title to %(max)d characters or fewer"),
                       required=_l("Enter a title for the proposal"))
    problem = _markdown_field(
        _l("Problem statement"), _l("Describe the problem the proposal solves"),
        _l("Keep the problem statement to %(max)d characters or fewer"))
    proposed_change = _markdown_field(
        _l("Proposed change"), _l("Describe the change you propose"),
        _l("Keep the proposed change to %(max)d characters or fewer"))
    expected_benefits = _markdown_field(
        _l("Expected benefits"), _l("Describe the benefits you expect"),
        _l("Keep the expected benefits to %(max)d characters or fewer"))
    who_it_affects = _markdown_field(
        _l("Who it affects"), _l("Say who the change affects"),
        _l("Keep who it affects to %(max)d characters or fewer"))
    cost_band = SelectField(
        _l("Estimated cost"),
        validators=[DataRequired(_l("Choose an estimated cost band"))],
        invalid_choice_message=_l("Choose one of the cost bands listed"),
    )
    service_area = service_area_field(_l("Owning service area"),
                                      _l("Choose the service area that owns the proposal"),
                                      invalid_choice=_l("Choose one of the service areas listed"))
    responsible_team = text_field(StringField, _l("Responsible team"), TEAM_MAX,
                                  _l("Keep the team name to %(max)d characters or fewer"),
                                  required=_l("Enter the team responsible for the proposal"))
    # InputRequired, not DataRequired: it keeps the "not a real date" message.
    decision_due = DateField(
        _l("Decision due by"),
        validators=[InputRequired(_l("Enter the date a decision is due"))],
        invalid_value_message=_l("Enter the date as a real date, for example 2030-03-31"),
    )

    def set_choices(self, areas):
        self.cost_band.choices = [("", _l("Choose a cost band"))] + list(COST_BAND_LABELS.items())
        self.service_area.choices = service_area_choices(areas)

    def validate_decision_due(self, field):
        if field.data is not None and field.data < utcnow().date():
            raise ValidationError(_l("The decision due date must be today or later"))


def parse_idea_numbers(text):
    """"12, #31 40" as [12, 31, 40]; None if a part is not an idea number."""
    numbers = []
    for part in (text or "").replace(",", " ").split():
        number = id_arg(part.lstrip("#"))
        if number is None:
            return None
        if number not in numbers:
            numbers.append(number)
    return numbers


class PromoteForm(ProposalForm):
    also_include = StringField(
        _l("Also include these ideas (optional)"),
        filters=[clean_text],
        validators=[Length(max=500, message=_l("Keep the list to %(max)d characters or fewer"))],
    )
    message = _markdown_field(
        _l("Message to residents"),
        _l("Write a message to the residents whose ideas this proposal comes from"),
        _l("Keep the message to %(max)d characters or fewer"))
    publish = BooleanField(_l("Publish for feedback now"), default=True)

    def validate_also_include(self, field):
        if parse_idea_numbers(field.data) is None:
            raise ValidationError(_l("Enter idea numbers separated by commas, for example 12, 31"))

    @property
    def extra_idea_ids(self):
        return parse_idea_numbers(self.also_include.data) or []


class StatusForm(FlaskForm):
    status = SelectField(
        _l("New status"),
        validators=[DataRequired(_l("Choose the new status"))],
        invalid_choice_message=_l("Choose one of the statuses listed"),
    )
    response = _markdown_field(
        _l("Public response"), _l("Write the public response that explains the change"),
        _l("Keep the response to %(max)d characters or fewer"))
    # The status the page showed: a replayed or stale form is refused.
    current = HiddenField()

    def set_choices(self, statuses):
        self.status.choices = [("", _l("Choose a status"))] + [
            (status, PROPOSAL_STATUS_LABELS[status]) for status in statuses
        ]
