"""The pilot forms: the experiment card (and its amendment), a period's
figures, a CSV file of figures, and closing. Numbers are checked here (a
number, finite, in range) so a service never meets "NaN" or "-3 cases"."""
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields import DateField
from wtforms.validators import InputRequired, NumberRange, Optional, StopValidation, ValidationError

from ..formfields import service_area_choices, service_area_field, text_field
from ..labels import (
    BETTER_LABELS,
    DIRECTION_LABELS,
    MEASURE_KIND_CHOICES,
    SITE_LABELS,
    VERDICT_LABELS,
)
from ..models.pilot import CONCLUSION_MAX, SHORT_MAX, TEXT_MAX, TITLE_MAX, UNIT_MAX, MeasureKind, Site
from .csvfile import MILLIONTH, amount_fits, cost_fits

HUNDRED = Decimal(100)
MAX_CASES = 10**9
DATE_MESSAGE = _l("Enter the date as a real date, for example 2030-03-31")


def _finite(form, field):
    """DecimalField takes "NaN" and "Infinity"; a measure does not."""
    if field.data is not None and (not field.data.is_finite() or not amount_fits(field.data)):
        field.errors[:] = []
        raise StopValidation(_l("Enter an ordinary number, such as 12.5"))


def _number(label, required=None):
    first = InputRequired(required) if required else Optional()
    return DecimalField(label, places=None, validators=[first, _finite],
                        invalid_value_message=_l("Enter a number, such as 12.5"))


def _text(label, max_length, required, area=False):
    return text_field(TextAreaField if area else StringField, label, max_length,
                      _l("Keep this to %(max)d characters or fewer"), required=required)


def _choice(label, choices, required):
    return SelectField(label, choices=[("", _l("Choose one"))] + list(choices.items()),
                       validators=[InputRequired(required)],
                       invalid_choice_message=_l("Choose one of the options listed"))


class CardForm(FlaskForm):
    title = _text(_l("Name of the pilot"), TITLE_MAX, _l("Give the pilot a name"))
    service_area = service_area_field(_l("Service area"), _l("Choose the service area it runs in"),
                                      invalid_choice=_l("Choose one of the service areas listed"))
    site = _text(_l("Pilot site"), SHORT_MAX, _l("Say where the pilot runs"))
    comparison_site = _text(_l("Comparison site (optional)"), SHORT_MAX, None)
    # The hypothesis, in its guided form.
    change = _text(_l("If we…"), TEXT_MAX, _l("Say what you will change"), area=True)
    outcome = _text(_l("then… (the outcome)"), SHORT_MAX, _l("Say which outcome will move"))
    direction = _choice(_l("will…"), DIRECTION_LABELS, _l("Choose rise or fall"))
    amount = _text(_l("by… (how much)"), SHORT_MAX, _l("Say by how much"))
    who = _text(_l("for… (who)"), SHORT_MAX, _l("Say for whom"))
    because = _text(_l("because…"), TEXT_MAX, _l("Say why you expect it"), area=True)
    measure_name = _text(_l("Primary outcome measure"), SHORT_MAX, _l("Name the measure"))
    measure_unit = _text(_l("Unit (for a mean, such as days)"), UNIT_MAX, None)
    kind = _choice(_l("Kind of measure"), MEASURE_KIND_CHOICES, _l("Choose the kind of measure"))
    better = _choice(_l("Which direction is better"), BETTER_LABELS,
                     _l("Choose whether higher or lower is better"))
    cost_measure = _text(_l("Cost measure: what the cost per case counts"), SHORT_MAX,
                         _l("Say what the cost per case counts"))
    baseline_value = _number(_l("Baseline value"), _l("Enter the baseline value"))
    baseline_period = _text(_l("Baseline period"), SHORT_MAX, _l("Say over what period"))
    baseline_source = _text(_l("Baseline source"), SHORT_MAX, _l("Say where the baseline is from"))
    target = _number(_l("Target: the smallest change worth scaling"), _l("Enter the target"))
    starts_on = DateField(_l("Starts on"), validators=[InputRequired(_l("Enter the start date"))],
                          invalid_value_message=DATE_MESSAGE)
    ends_on = DateField(_l("Ends on"), validators=[InputRequired(_l("Enter the end date"))],
                        invalid_value_message=DATE_MESSAGE)
    stop_rule = _text(_l("Stop rule: when it ends early, for harm or clear success"), TEXT_MAX,
                      _l("Write the stop rule"), area=True)
    data_owner = _text(_l("Data owner: the team that reports the figures"), SHORT_MAX,
                       _l("Name the team that reports the figures"))

    def set_choices(self, areas):
        self.service_area.choices = service_area_choices(areas)

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data <= self.starts_on.data:
            raise ValidationError(_l("The end date must be after the start date"))

    def _percent(self):
        return self.kind.data == MeasureKind.PROPORTION.value

    def validate_baseline_value(self, field):
        if field.data is None:
            return
        if self._percent() and not 0 <= field.data <= 100:
            raise ValidationError(_l("For a proportion, give a percentage from 0 to 100"))
        if field.data < 0:
            raise ValidationError(_l("The baseline cannot be negative"))

    def validate_target(self, field):
        if field.data is None:
            return
        if field.data <= 0:
            raise ValidationError(_l("The target is a change in the better direction: "
                                     "a number above 0"))
        if self._percent() and field.data > 100:
            raise ValidationError(_l("For a proportion, give percentage points from 0 to 100"))
        # Kept to 6 decimal places (a proportion's as a fraction): a target that would be
        # kept as 0 is no target.
        kept = field.data / HUNDRED if self._percent() else field.data
        if kept.quantize(MILLIONTH) <= 0:
            raise ValidationError(_l("The target is too small to record: enter a larger number"))


class AmendForm(CardForm):
    reason = _text(_l("Reason for the amendment"), TEXT_MAX,
                   _l("Say why the card changes: the amendment is published with its reason"),
                   area=True)


def _count(label, required=None):
    first = InputRequired(required) if required else Optional()
    return IntegerField(label, validators=[first, NumberRange(
        min=0, max=MAX_CASES, message=_l("Enter a whole number from 0 to %(max)d"))],
        invalid_value_message=_l("Enter a whole number, such as 120"))


class MeasurementForm(FlaskForm):
    period_start = DateField(_l("Period from"), validators=[InputRequired(_l("Enter the date the "
                             "period starts"))], invalid_value_message=DATE_MESSAGE)
    period_end = DateField(_l("Period to"), validators=[InputRequired(_l("Enter the date the "
                           "period ends"))], invalid_value_message=DATE_MESSAGE)
    site = SelectField(_l("Site"), validators=[InputRequired(_l("Choose the site"))],
                       invalid_choice_message=_l("Choose one of the sites listed"))
    n = _count(_l("Cases (n)"), _l("Enter the number of cases"))
    successes = _count(_l("Successes (for a proportion)"))
    mean = _number(_l("Mean (for a mean)"))
    sd = _number(_l("Standard deviation (for a mean)"))
    cost_per_case = _number(_l("Cost per case, in pounds (optional)"))

    def setup(self, kind, has_comparison):
        self.kind = kind
        sites = [Site.PILOT.value] + ([Site.COMPARISON.value] if has_comparison else [])
        self.site.choices = [(site, SITE_LABELS[site]) for site in sites]

    def validate_period_end(self, field):
        if field.data and self.period_start.data and field.data < self.period_start.data:
            raise ValidationError(_l("The end of the period cannot be before its start"))

    def validate_n(self, field):
        if field.data is not None and field.data < 1:
            raise ValidationError(_l("A period needs at least 1 case"))

    def validate(self, extra_validators=None):
        """The fields a kind of measure needs, checked once each field has been
        read: an empty optional field stops its own validators."""
        valid = super().validate(extra_validators)
        needed = ([self.successes] if self.kind == MeasureKind.PROPORTION.value
                  else [self.mean, self.sd])
        for field in needed:
            if field.data is None and not field.errors:
                field.errors.append(self._missing(field))
                valid = False
        if self.kind == MeasureKind.PROPORTION.value:
            successes, n = self.successes.data, self.n.data
            if successes is not None and n is not None and successes > n \
                    and not self.successes.errors:
                self.successes.errors.append(_l("There cannot be more successes than cases"))
                valid = False
        elif self.sd.data is not None and not self.sd.errors and self.sd.data < 0:
            self.sd.errors.append(_l("A standard deviation cannot be negative"))
            valid = False
        return valid

    def _missing(self, field):
        if field is self.successes:
            return _l("Enter the number of successes")
        if field is self.mean and self.sd.data is not None:
            return _l("A standard deviation was given without a mean: enter the mean too")
        if field is self.mean:
            return _l("Enter the mean")
        return _l("Enter the standard deviation")

    def figures(self):
        """The values for the service; fields the kind does not use are left out."""
        proportion = self.kind == MeasureKind.PROPORTION.value
        return {"period_start": self.period_start.data, "period_end": self.period_end.data,
                "site": self.site.data, "n": self.n.data,
                "successes": self.successes.data if proportion else None,
                "mean": None if proportion else self.mean.data,
                "sd": None if proportion else self.sd.data,
                "cost_per_case": self.cost_per_case.data}

    def validate_cost_per_case(self, field):
        if field.data is not None and field.data < 0:
            raise ValidationError(_l("A cost cannot be negative"))
        if field.data is not None and not cost_fits(field.data):
            raise ValidationError(_l("Enter a cost per case below £1,000,000,000"))


class UploadForm(FlaskForm):
    file = FileField(_l("CSV file of figures"),
                     validators=[FileRequired(_l("Choose a CSV file to upload"))])


class CloseForm(FlaskForm):
    verdict = _choice(_l("Your verdict"), VERDICT_LABELS, _l("Choose your verdict"))
    conclusion = _text(_l("Conclusion, in plain words"), CONCLUSION_MAX,
                       _l("Write the conclusion: what was learnt, and what happens next"),
                       area=True)

