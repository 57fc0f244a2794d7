"""Recording a reported accessibility problem and telling staff of it."""
import re
from datetime import date

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import mail, sitesettings
from ..clock import utcnow
from ..extensions import db
from ..formtext import clean_line
from ..models import AccessibilityReport, SiteSettings
from ..sanitise import render_markdown

# When the statement was prepared and last reviewed; change these with its text.
PREPARED_ON = date(2026, 12, 5)
REVIEWED_ON = date(2026, 12, 5)
OPEN_SHOWN = 200
DEALT_WITH_SHOWN = 50
# An address written in the council's contact details (Markdown), mailto: or not.
ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def contact_address():
    """The first email address in the contact details of the brand settings,
    or None: where reports are sent."""
    contact = db.session.scalar(select(SiteSettings.contact).where(SiteSettings.id == 1))
    found = ADDRESS.search(contact or "")
    return found.group(0).rstrip(".") if found else None


def record_report(page, problem, name, email, locale):
    """Keep the report and, if the council gave a contact address, email it
    there (in the site's default language, with a link to the staff list).
    Flushes; the route commits, and the mail leaves with the commit."""
    report = AccessibilityReport(
        page=clean_line(page), problem=problem, problem_html=str(render_markdown(problem)),
        name=name or None, email=email or None, locale=locale, created_at=utcnow())
    db.session.add(report)
    db.session.flush()
    address = contact_address()
    if address:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            mail.queue(address,
                       _("%(site)s: an accessibility problem was reported",
                         site=sitesettings.site_name()),
                       "accessibility_report", report=report,
                       reports_url=mail.absolute_url("accessibility.reports"))
    return report


def mark_dealt_with(report):
    if report.dealt_with_at is None:
        report.dealt_with_at = utcnow()
    db.session.flush()


def open_reports():
    return db.session.scalars(
        select(AccessibilityReport).where(AccessibilityReport.dealt_with_at.is_(None))
        .order_by(AccessibilityReport.created_at, AccessibilityReport.id).limit(OPEN_SHOWN)).all()


def dealt_with_reports():
    return db.session.scalars(
        select(AccessibilityReport).where(AccessibilityReport.dealt_with_at.is_not(None))
        .order_by(AccessibilityReport.dealt_with_at.desc(), AccessibilityReport.id.desc())
        .limit(DEALT_WITH_SHOWN)).all()


def open_count():
    return db.session.scalar(select(func.count()).select_from(AccessibilityReport)
                             .where(AccessibilityReport.dealt_with_at.is_(None)))
