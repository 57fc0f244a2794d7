from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..formtext import clean_text
from ..models import ReportReason

NOTE_MAX = 2_000
TOO_LONG = _l("Keep it to %(max)d characters or fewer")


def reason_choices():
    """(code, words) for each reason a report or a moderator may give."""
    return [
        (ReportReason.SPAM.value, _l("Spam or advertising")),
        (ReportReason.OFFENSIVE.value, _l("Offensive, abusive or hateful")),
        (ReportReason.OFF_TOPIC.value, _l("Off-topic: not about a public service")),
        (ReportReason.PERSONAL_INFORMATION.value,
         _l("Personal information about someone (an address, a phone number...)")),
        (ReportReason.OTHER.value, _l("Something else")),
    ]


def _choices(pairs):
    return [SelectChoice(value, label) for value, label in pairs]


def _reason_select():
    # No reason is chosen until the moderator picks one: a preselected
    # "spam" would be sent by anyone who skipped the field.
    return _choices([("", _l("Choose a reason"))] + reason_choices())


def _note(label, required_message=None):
    validators = ([DataRequired(required_message)] if required_message else [Optional()])
    return TextAreaField(label, filters=[clean_text],
                         validators=validators + [Length(max=NOTE_MAX, message=TOO_LONG)])


class ReportForm(FlaskForm):
    reason = RadioField(_l("Why are you reporting this?"), choices=_choices(reason_choices()),
                        invalid_choice_message=_l("Choose why you are reporting this"))
    note = _note(_l("Anything a moderator should know (optional)"))


class ActionForm(FlaskForm):
    """Restore, dismiss, unblock: a button with an optional note. `next` is
    where the moderator came from (the queue or the item)."""

    note = _note(_l("Note (optional)"))
    next = HiddenField()


class HideForm(ActionForm):
    reason = SelectField(_l("Reason"), choices=_reason_select(),
                         validators=[DataRequired(_l("Choose a reason"))],
                         invalid_choice_message=_l("Choose a reason"))
    note = _note(_l("Note to the author (optional)"))


class BlockForm(ActionForm):
    reason = SelectField(_l("Reason"), choices=_reason_select(),
                         validators=[DataRequired(_l("Choose a reason"))],
                         invalid_choice_message=_l("Choose a reason"))


class AppealForm(FlaskForm):
    text = _note(_l("Why should it be shown again?"),
                 required_message=_l("Say why it should be shown again"))


class DecisionForm(FlaskForm):
    outcome = RadioField(
        _l("Decision"),
        choices=_choices([("restore", _l("Restore it: the appeal is upheld")),
                          ("uphold", _l("Keep it hidden: the appeal is rejected"))]),
        invalid_choice_message=_l("Choose whether to restore it or keep it hidden"),
    )
    note = _note(_l("Reply to the author"),
                 required_message=_l("Tell the author why you decided this"))
    next = HiddenField()
