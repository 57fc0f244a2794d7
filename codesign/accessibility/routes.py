"""The accessibility statement, reporting a problem, and staff's list of reports."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import permissions
from ..extensions import db
from ..models import AccessibilityReport
from ..web import render_form
from . import bp, services
from .forms import DealtWithForm, ReportForm


@bp.get("")
def statement():
    return render_template("accessibility/statement.html",
                           prepared_on=services.PREPARED_ON, reviewed_on=services.REVIEWED_ON)


@bp.route("/report", methods=["GET", "POST"])
def report():
    form = ReportForm()
    if form.validate_on_submit():
        services.record_report(form.page.data, form.problem.data, form.name.data,
                               form.email.data, str(get_locale()))
        db.session.commit()
        flash(_("Thank you: your report has reached the team that looks after this site."),
              "success")
        return redirect(url_for("accessibility.statement"))
    return render_form("accessibility/report.html", form)


def _staff_only():
    if not permissions.can_see_accessibility_reports(current_user):
        abort(403)


@bp.get("/reports")
@login_required
def reports():
    _staff_only()
    return render_template("accessibility/reports.html", open_reports=services.open_reports(),
                           dealt_with=services.dealt_with_reports(), form=DealtWithForm())


@bp.post("/reports/<id:report_id>/dealt-with")
@login_required
def dealt_with(report_id):
    _staff_only()
    report = db.get_or_404(AccessibilityReport, report_id)
    if DealtWithForm().validate_on_submit():
        services.mark_dealt_with(report)
        db.session.commit()
        flash(_("Marked as dealt with."), "success")
    return redirect(url_for("accessibility.reports"))
