"""The privacy notice's text: the council's own (stored as Markdown and as
HTML from the sanitiser), or else the default draft, written from
templates/privacy/default_notice.md with the retention periods in force."""
from flask import current_app, render_template
from sqlalchemy import select

from ..extensions import db
from ..models import SiteSettings
from ..sanitise import render_document, stored_html

# The periods h12b's retention command applies (config.py); the defaults are
# the issue's, so the notice is right before that setting exists too.
RETENTION_DEFAULTS = {
    "RETENTION_UNCONFIRMED_DAYS": 7,
    "RETENTION_SENT_MAIL_DAYS": 30,
    "RETENTION_SIGN_IN_DAYS": 90,
    "RETENTION_READ_NOTIFICATIONS_DAYS": 365,
}


def retention_days():
    """{"unconfirmed": 7, ...}: each period in days, as configured."""
    config = current_app.config
    return {key.removeprefix("RETENTION_").removesuffix("_DAYS").lower():
            int(config.get(key, default)) for key, default in RETENTION_DEFAULTS.items()}


def default_source():
    """The default draft as Markdown, for the page and as the starting point
    of the administrator's editor."""
    return render_template("privacy/default_notice.md", days=retention_days()).strip() + "\n"


def stored_notice():
    """(source, html) of the council's notice, or (None, None) for the default."""
    row = db.session.execute(select(SiteSettings.privacy, SiteSettings.privacy_html)
                             .where(SiteSettings.id == 1)).first()
    if row is None or row.privacy is None:
        return None, None
    return row.privacy, row.privacy_html


def notice_html():
    """The notice as safe HTML, and whether it is the default draft."""
    source, html = stored_notice()
    if source is None:
        return render_document(default_source()), True
    return render_document(source) if html is None else stored_html(html), False
