"""Staff pages: the queue of ideas awaiting a response, answering an idea,
merging duplicates, and the downloads.

Only staff reach these (role_required: 403 for others). Whether an action
still applies to the idea is the services' call: a replayed form or a
colleague's change a moment ago gets a message, not a 403."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import panels, search
from ..decorators import role_required
from ..exceptions import DomainError
from ..extensions import db
from ..ideas.queries import parse_browse
from ..models import Idea, Role
from ..search import clean_query
from ..web import error_field, field_error, flash_refusal, render_form
from . import bp, exports, queries, services
from .forms import MergeForm, StatusForm, UnmergeForm

PER_PAGE = 50
MERGE_CANDIDATES = 10



@bp.get("")
@role_required(Role.STAFF)
def dashboard():
    browse = parse_browse(request.args)
    page = queries.awaiting_response(
        browse.area, browse.page, PER_PAGE, current_app.config["RESPONSE_TARGET_DAYS"])
    return render_template(
        "staff/dashboard.html", page=page, area=browse.area, areas=queries.service_areas(),
        target_days=current_app.config["RESPONSE_TARGET_DAYS"],
        # What the other areas add (codesign/panels.py), with their queries.
        panels=panels.load("staff", None, current_user),
    )


def _act(form, template, idea, action, done_message, **context):
    """Validate, call the service, commit once. A rule that no longer applies
    to the idea as a whole is flashed on the idea page; one about a field is
    shown beside it."""
    if request.method == "POST" and form.validate_on_submit():
        try:
            action()
        except DomainError as error:
            if error_field(form, error) is None:
                flash_refusal(error)
                return redirect(url_for("ideas.detail", idea_id=idea.id))
            field_error(form, error)
        else:
            db.session.commit()
            flash(done_message, "success")
            return redirect(url_for("ideas.detail", idea_id=idea.id, _anchor="timeline"))
    return render_form(template, form, idea=idea, **context)


@bp.route("/ideas/<id:idea_id>/status", methods=["GET", "POST"])
@role_required(Role.STAFF)
def idea_status(idea_id):
    idea = db.get_or_404(Idea, idea_id)
    form = StatusForm()
    form.offer(services.allowed_statuses(idea))
    return _act(
        form, "staff/status.html", idea,
        lambda: services.change_status(idea, form.status.data, form.response.data, current_user),
        _("The idea's status is changed and its followers are told."),
    )


@bp.route("/ideas/<id:idea_id>/merge", methods=["GET", "POST"])
@role_required(Role.STAFF)
def merge(idea_id):
    idea = db.get_or_404(Idea, idea_id)
    form = MergeForm()

    def action():
        target = db.session.get(Idea, form.target_id)
        services.merge_idea(idea, target, form.response.data, current_user)

    # The picker: ideas like the words searched for (like this idea's title
    # until something is typed), to choose from without knowing a number.
    q = clean_query(request.args.get("q"))
    candidates = [found for found in search.similar_ideas(q or idea.title, MERGE_CANDIDATES + 1)
                  if found.id != idea.id][:MERGE_CANDIDATES]
    return _act(form, "staff/merge.html", idea, action,
                _("The idea is marked a duplicate, and its supporters now count for the other idea."),
                q=q, candidates=candidates)


@bp.route("/ideas/<id:idea_id>/unmerge", methods=["GET", "POST"])
@role_required(Role.STAFF)
def unmerge(idea_id):
    idea = db.get_or_404(Idea, idea_id)
    form = UnmergeForm()
    return _act(
        form, "staff/unmerge.html", idea,
        lambda: services.unmerge_idea(idea, form.response.data, current_user),
        _("The idea is no longer a duplicate, and the supports it carried are taken back."),
    )


def _ideas_download(download, filename):
    records = exports.idea_records(queries.export_ideas(parse_browse(request.args)))
    return download(filename, exports.IDEA_COLUMNS, records)


def _proposals_download(download, filename):
    filters = queries.parse_proposal_filters(request.args)
    records = exports.proposal_records(queries.export_proposals(**filters))
    return download(filename, exports.PROPOSAL_COLUMNS, records)


@bp.get("/exports/ideas.csv")
@role_required(Role.STAFF)
def export_ideas_csv():
    return _ideas_download(exports.csv_download, "ideas.csv")


@bp.get("/exports/ideas.json")
@role_required(Role.STAFF)
def export_ideas_json():
    return _ideas_download(exports.json_download, "ideas.json")


@bp.get("/exports/proposals.csv")
@role_required(Role.STAFF)
def export_proposals_csv():
    return _proposals_download(exports.csv_download, "proposals.csv")


@bp.get("/exports/proposals.json")
@role_required(Role.STAFF)
def export_proposals_json():
    return _proposals_download(exports.json_download, "proposals.json")
