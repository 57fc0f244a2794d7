"""The forms of the reach pages. The about-you form and the reference form
are built per request, from the questions asked, the service areas and the
places."""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import InputRequired, NumberRange, Optional

from ..extensions import db
from ..formfields import text_field
from ..models import ServiceArea
from ..models.reach import PLACE, PLACE_QUESTION, PREFER_NOT, QUESTIONS, SERVICE_USE
from . import groups, services

SOURCE_MAX = 200
PLACE_MAX = 80


class OptionalRadioField(RadioField):
    """Radios that may be left unanswered; anything not offered is refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type = "RadioField"  # drawn as radios by templates/_form.html

    def pre_validate(self, form):
        if self.data in (None, ""):
            self.data = None
            return
        super().pre_validate(form)


class OptionalSelectField(SelectField):
    """A list that may be left at "Not answered"; anything not offered is refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type = "SelectField"

    def pre_validate(self, form):
        if self.data in (None, ""):
            self.data = None
            return
        super().pre_validate(form)


def answer_field_name(question, area_id=None):
    return f"{question}_{area_id}" if area_id is not None else question


def about_you_form(questions, areas, places, answers, formdata=None, prefix=""):
    """A form with a field per question asked (per service area for the use
    of a service), holding the person's answers so far."""
    invalid = _l("Choose one of the answers, or leave the question unanswered")

    class AboutYouForm(FlaskForm):
        submit = SubmitField(_l("Save your answers"))

    fields = []
    for question in questions:
        if question == PLACE_QUESTION:
            choices = [("", _l("Not answered")), (PREFER_NOT, groups.PREFER_NOT_NAME)] + [
                (f"{PLACE}-{place.id}", place.name) for place in places]
            field = OptionalSelectField(groups.QUESTION_TEXT[question], choices=choices,
                                invalid_choice_message=invalid)
            fields.append((question, None, field))
        elif question == SERVICE_USE:
            for area in areas:
                fields.append((question, area.id, OptionalRadioField(
                    groups.service_use_text(area.name),
                    choices=groups.answer_choices(question), invalid_choice_message=invalid)))
        else:
            fields.append((question, None, OptionalRadioField(
                groups.QUESTION_TEXT[question], choices=groups.answer_choices(question),
                description=groups.QUESTION_HINTS.get(question),
                invalid_choice_message=invalid)))
    for question, area_id, field in fields:
        setattr(AboutYouForm, answer_field_name(question, area_id), field)
    data = {}
    for (question, area_id), (value, place_id) in answers.items():
        data[answer_field_name(question, area_id)] = \
            f"{PLACE}-{place_id}" if value == PLACE else value
    # On the registration page the questions join that page's form, which
    # carries the CSRF token; the prefix keeps their names apart.
    meta = {"csrf": False} if prefix else {}
    form = AboutYouForm(formdata=formdata, data=data, prefix=prefix, meta=meta) \
        if formdata is not None else AboutYouForm(data=data, prefix=prefix, meta=meta)
    form.answer_fields = [(q, a, form[answer_field_name(q, a)]) for q, a, _f in fields]
    return form


def answers_from(form):
    """{(question, area_id): (value, place_id) or None} from a valid about-you form."""
    answers = {}
    for question, area_id, field in form.answer_fields:
        data = field.data or None
        if data is None:
            answers[question, area_id] = None
        elif data.startswith(f"{PLACE}-"):
            answers[question, area_id] = (PLACE, int(data.split("-", 1)[1]))
        else:
            answers[question, area_id] = (data, None)
    return answers


class QuestionsForm(FlaskForm):
    submit = SubmitField(_l("Save the questions"))


for _question in QUESTIONS:
    setattr(QuestionsForm, f"ask_{_question}", BooleanField(groups.QUESTION_NAMES[_question]))


class PlaceForm(FlaskForm):
    name = text_field(StringField, _l("Ward or postcode district"), PLACE_MAX,
                      _l("Keep the name to %(max)d characters or fewer"),
                      required=_l("Enter the name of the ward or postcode district"))
    submit = SubmitField(_l("Add to the list"))


def share_field_name(value, place_id):
    return f"share_{place_id}" if place_id is not None else f"share_{value}"


def reference_form(question, group_keys, names, reference=None):
    """Source, year and a percentage per group of the question."""

    class ReferenceForm(FlaskForm):
        source = text_field(StringField, _l("Source"), SOURCE_MAX,
                            _l("Keep the source to %(max)d characters or fewer"),
                            required=_l("Enter where the figures come from"),
                            description=_l("For example “Census 2021, table TS021” or the "
                                           "service's own records."))
        year = IntegerField(_l("Year"), validators=[
            InputRequired(_l("Enter the year the figures are for, like 2021")),
            NumberRange(1900, 2100, _l("Enter a year from 1900 to 2100"))])
        submit = SubmitField(_l("Save the reference population"))

        def validate(self, extra_validators=None):
            valid = super().validate(extra_validators)
            total = sum(field.data for _key, field in self.share_fields
                        if field.data is not None and not field.errors)
            if valid and total > 100:
                first = self.share_fields[0][1]
                first.errors = list(first.errors) + [
                    _l("The shares add up to %(total)s per cent; they can add up to 100 at most",
                       total=f"{total:g}")]
                return False
            if valid and not any(field.data is not None for _key, field in self.share_fields):
                self.share_fields[0][1].errors = [_l("Enter the share of at least one group")]
                return False
            return valid

    for value, place_id in group_keys:
        setattr(ReferenceForm, share_field_name(value, place_id), DecimalField(
            # Not lazy: a lazy string counts as safe HTML, and a place's name is typed text.
            gettext("%(group)s (per cent)", group=names[value, place_id]), places=2,
            validators=[Optional(), NumberRange(0, 100, _l(
                "Enter a percentage from 0 to 100, like 12.5"))],
            number_format=None))
    data = {}
    if reference is not None:
        data = {"source": reference.source, "year": reference.year}
        for share in reference.shares:
            data[share_field_name(share.value, share.place_id)] = share.share
    form = ReferenceForm(data=data)
    form.share_fields = [((value, place_id), form[share_field_name(value, place_id)])
                         for value, place_id in group_keys]
    return form




def questions_form(user=None, formdata=None, prefix=""):
    """The about-you form of the questions the site asks, with `user`'s
    answers so far (none for someone registering)."""
    return about_you_form(
        services.asked_questions(),
        db.session.scalars(select(ServiceArea).order_by(ServiceArea.name)).all(),
        services.places(), services.answers_of(user) if user is not None else {},
        formdata, prefix)
