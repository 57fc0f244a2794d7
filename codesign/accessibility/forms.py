"""The form that reports an accessibility problem, and staff's "dealt with"."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, SubmitField, TextAreaField
from wtforms.validators import Email, Length, Optional

from ..formfields import text_field
from ..formtext import clean_text
from ..models.accessibility import EMAIL_MAX, NAME_MAX, PAGE_MAX, PROBLEM_MAX


class ReportForm(FlaskForm):
    page = text_field(StringField, _l("Which page was it?"), PAGE_MAX,
                      _l("Keep the page's name or address to %(max)d characters or fewer"),
                      required=_l("Enter the page's name or address"),
                      description=_l("Its address, like %(example)s, or its heading.",
                                     example="/ideas"))
    problem = text_field(TextAreaField, _l("What went wrong?"), PROBLEM_MAX,
                         _l("Keep the description to %(max)d characters or fewer"),
                         required=_l("Describe what went wrong"),
                         description=_l("What you were trying to do, what happened, and the "
                                        "browser or assistive technology you use, if you know."))
    name = text_field(StringField, _l("Your name (optional)"), NAME_MAX,
                      _l("Keep your name to %(max)d characters or fewer"))
    email = EmailField(
        _l("Your email address (optional)"),
        description=_l("Only if you would like a reply. We use it for nothing else."),
        filters=[clean_text],
        validators=[Optional(),
                    Length(max=EMAIL_MAX, message=_l(
                        "Your email address must be %(max)d characters or fewer")),
                    Email(_l("Enter an email address in the correct format, like "
                             "name@example.com"))])
    submit = SubmitField(_l("Send the report"))


class DealtWithForm(FlaskForm):
    submit = SubmitField(_l("Mark as dealt with"))
