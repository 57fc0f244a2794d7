from flask_babel import lazy_gettext as _l

from ..comments import views
from ..decorators import participant_required
from ..permissions import can_comment_proposal, can_reply_proposal_comment
from . import bp
from .routes import load_proposal, render_detail

PAGES = views.CommentPages(blueprint="proposals", key="proposal_id", can_comment=can_comment_proposal,
                           can_reply=can_reply_proposal_comment, on_label=_l("On the proposal:"))
# The proposal page's comment thread builds its links and buttons with it.
bp.add_app_template_global(PAGES, "proposal_comments")


@bp.post("/proposals/<id:proposal_id>/comments")
@participant_required
def add_comment(proposal_id):
    proposal = load_proposal(proposal_id)
    return views.add_comment(PAGES, proposal,
                             lambda form: render_detail(proposal, comment_form=form, status=422))


@bp.route("/proposals/<id:proposal_id>/comments/<id:comment_id>/edit", methods=["GET", "POST"])
@participant_required
def edit_comment(proposal_id, comment_id):
    return views.edit_comment(PAGES, load_proposal(proposal_id), comment_id)


@bp.post("/proposals/<id:proposal_id>/comments/<id:comment_id>/delete")
@participant_required
def delete_comment(proposal_id, comment_id):
    return views.delete_comment(PAGES, load_proposal(proposal_id), comment_id)
