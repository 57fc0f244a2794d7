"""What each profile question asks and what its groups are called, in the
words people read (the keys are in codesign/models/reach.py)."""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from ..models.reach import (
    AGE,
    DISABILITY,
    ETHNICITY,
    PLACE_QUESTION,
    PREFER_NOT,
    QUESTIONS,
    SERVICE_USE,
)

QUESTION_NAMES = {
    AGE: _l("Age"),
    PLACE_QUESTION: _l("Where you live"),
    DISABILITY: _l("Disability"),
    SERVICE_USE: _l("Use of the service"),
    ETHNICITY: _l("Ethnic group"),
}

QUESTION_TEXT = {
    AGE: _l("What is your age?"),
    PLACE_QUESTION: _l("Which ward or postcode district do you live in?"),
    DISABILITY: _l("Do you consider yourself to be disabled?"),
    ETHNICITY: _l("What is your ethnic group?"),
}

QUESTION_HINTS = {
    DISABILITY: _l("The Equality Act 2010 says you are disabled if you have a physical or "
                   "mental impairment that has a substantial and long-term negative effect "
                   "on your ability to do normal daily activities."),
    ETHNICITY: _l("The groups are those of the 2021 census in England and Wales."),
}

GROUP_NAMES = {
    AGE: {"under_16": _l("Under 16"), "16_24": _l("16 to 24"), "25_34": _l("25 to 34"),
          "35_49": _l("35 to 49"), "50_64": _l("50 to 64"), "65_74": _l("65 to 74"),
          "75_over": _l("75 or over")},
    DISABILITY: {"yes": _l("Yes, disabled"), "no": _l("No, not disabled")},
    SERVICE_USE: {"yes": _l("Uses the service"), "no": _l("Does not use the service")},
    ETHNICITY: {
        "asian": _l("Asian, Asian British or Asian Welsh"),
        "black": _l("Black, Black British, Black Welsh, Caribbean or African"),
        "mixed": _l("Mixed or Multiple ethnic groups"),
        "white": _l("White"),
        "other": _l("Other ethnic group"),
    },
}

ANSWER_NAMES = {SERVICE_USE: {"yes": _l("Yes"), "no": _l("No")}}

PREFER_NOT_NAME = _l("Prefer not to say")


def service_use_text(area_name):
    # Not lazy: flask-babel's lazy strings count as safe HTML in templates,
    # and a service area's name is typed text.
    return gettext("Do you use %(area)s services?", area=area_name)


def group_name(question, value, place_name=None):
    if value == PREFER_NOT:
        return PREFER_NOT_NAME
    if question == PLACE_QUESTION:
        return place_name
    return GROUP_NAMES[question][value]


def answer_choices(question):
    """[(value, label)] for a question other than the place one, "prefer not to say" last."""
    names = ANSWER_NAMES.get(question, GROUP_NAMES[question])
    return [*names.items(), (PREFER_NOT, PREFER_NOT_NAME)]


def ordered(keys):
    """Question keys in the order the site asks them."""
    return [question for question in QUESTIONS if question in keys]
