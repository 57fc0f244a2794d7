from flask import abort, redirect, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..comments import views
from ..decorators import participant_required
from ..extensions import db
from ..models import Idea
from ..permissions import can_comment_idea, can_reply_comment, can_see_hidden
from . import bp
from .routes import render_detail

PAGES = views.CommentPages(blueprint="ideas", key="idea_id", can_comment=can_comment_idea,
                           can_reply=can_reply_comment, on_label=_l("On the idea:"))
# The idea page's comment thread builds its links and buttons with it.
bp.add_app_template_global(PAGES, "idea_comments")


@bp.get("/<id:idea_id>/comments")
def comments(idea_id):
    idea = db.get_or_404(Idea, idea_id)
    return redirect(url_for("ideas.detail", idea_id=idea.id, _anchor="comments"))


@bp.post("/<id:idea_id>/comments")
@participant_required
def add_comment(idea_id):
    idea = db.get_or_404(Idea, idea_id)
    if idea.is_hidden and not can_see_hidden(current_user, idea):
        abort(403)
    return views.add_comment(PAGES, idea, lambda form: render_detail(idea, form, status=422))


@bp.route("/<id:idea_id>/comments/<id:comment_id>/edit", methods=["GET", "POST"])
@participant_required
def edit_comment(idea_id, comment_id):
    return views.edit_comment(PAGES, db.get_or_404(Idea, idea_id), comment_id)


@bp.post("/<id:idea_id>/comments/<id:comment_id>/delete")
@participant_required
def delete_comment(idea_id, comment_id):
    return views.delete_comment(PAGES, db.get_or_404(Idea, idea_id), comment_id)
