from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField, TextAreaField

from ..formfields import text_field, written_language_field
from ..models.comment import BODY_MAX


class CommentForm(FlaskForm):
    body = text_field(TextAreaField, _l("Your comment"), BODY_MAX,
                      _l("Keep your comment to %(max)d characters or fewer"),
                      required=_l("Write your comment"))
    language = written_language_field()
    # A label of its own (never shown): without one, WTForms titles the name
    # through its own catalogue, which Flask-WTF reads from disk per request.
    parent_id = HiddenField(label="")
    submit = SubmitField(_l("Post comment"))
