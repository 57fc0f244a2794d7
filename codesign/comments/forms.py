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
    parent_id = HiddenField()
    submit = SubmitField(_l("Post comment"))
