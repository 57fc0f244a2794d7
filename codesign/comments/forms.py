from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..formtext import clean_text
from ..models.comment import BODY_MAX


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Your comment"),
        filters=[clean_text],
        validators=[
            DataRequired(_l("Write your comment")),
            Length(max=BODY_MAX, message=_l("Keep your comment to %(max)d characters or fewer")),
        ],
    )
    parent_id = HiddenField()
    submit = SubmitField(_l("Post comment"))
