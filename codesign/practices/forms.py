"""The playbook form, the file upload and the adoption form."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields import DateField
from wtforms.validators import InputRequired, ValidationError

from ..clock import utcnow
from ..formfields import service_area_choices, service_area_field, text_field
from ..models.practice import COST_MAX, SUMMARY_MAX, TEAM_MAX, TEXT_MAX, TITLE_MAX, PlaybookState
from ..models.proposal import TITLE_MAX as PROPOSAL_TITLE_MAX

TOO_LONG = _l("Keep this to %(max)d characters or fewer")


def _text(label, max_length, required=None, area=False):
    return text_field(TextAreaField if area else StringField, label, max_length, TOO_LONG,
                      required=required)


STATE_LABELS = {
    PlaybookState.DRAFT.value: _l("Draft: only staff can read it"),
    PlaybookState.PUBLISHED.value: _l("Published: anyone can read it, and other services can "
                                      "adopt it"),
}


class PlaybookForm(FlaskForm):
    title = _text(_l("Title"), TITLE_MAX, _l("Give the playbook a title"))
    summary = _text(_l("In one sentence: what worked"), SUMMARY_MAX)
    steps = _text(_l("What was done, step by step"), TEXT_MAX,
                  _l("Say what was done, step by step"), area=True)
    setup_cost = _text(_l("Cost to set up"), COST_MAX, _l("Say what it cost to set up"))
    running_cost = _text(_l("Cost to run"), COST_MAX, _l("Say what it costs to run"))
    needs = _text(_l("What was needed: people, skills, equipment"), TEXT_MAX,
                  _l("Say what was needed"), area=True)
    pitfalls = _text(_l("What went wrong, and what to watch out for"), TEXT_MAX, area=True)
    contact_team = _text(_l("Contact team"), TEAM_MAX, _l("Name the team to contact"))
    state = RadioField(_l("Who can read it"), choices=list(STATE_LABELS.items()),
                       default=PlaybookState.DRAFT.value,
                       validators=[InputRequired(_l("Choose draft or published"))],
                       invalid_choice_message=_l("Choose draft or published"))


class AttachmentForm(FlaskForm):
    file = FileField(_l("File (PDF, PNG or JPEG image, XLSX, ODS or CSV spreadsheet)"),
                     validators=[FileRequired(_l("Choose a file to attach"))])


class AdoptForm(FlaskForm):
    service_area = service_area_field(_l("Adopting service area"),
                                      _l("Choose the service area that adopts it"),
                                      invalid_choice=_l("Choose one of the service areas listed"))
    responsible_team = _text(_l("Adopting team"), TEAM_MAX,
                             _l("Enter the team that will run it"))
    title = _text(_l("Title of the new proposal"), PROPOSAL_TITLE_MAX,
                  _l("Give the new proposal a title"))
    decision_due = DateField(
        _l("Decision due by"), validators=[InputRequired(_l("Enter the date a decision is due"))],
        invalid_value_message=_l("Enter the date as a real date, for example 2030-03-31"))

    def set_choices(self, areas):
        self.service_area.choices = service_area_choices(areas)

    def validate_decision_due(self, field):
        if field.data is not None and field.data < utcnow().date():
            raise ValidationError(_l("The decision due date must be today or later"))
