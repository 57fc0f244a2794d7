"""The rules for the council's settings: what a brand, a privacy notice and
a test email may be, and the one row they are kept in."""
import json
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import exists, select

from .. import mail, sitesettings
from ..brand.colour import checked_colour
from ..brand.logo import MAX_LOGO_BYTES, checked_logo
from ..clock import utcnow
from ..exceptions import DomainError
from ..extensions import db
from ..language import in_language_of
from ..models import Challenge, ServiceArea, SiteSettings
from ..sanitise import render_document, render_markdown

# Read at most one byte past the limit, so a large file is refused without
# holding it all (MAX_CONTENT_LENGTH already bounds the request).
MAX_READ = MAX_LOGO_BYTES + 1


def settings_row():
    """The settings row, made (with every default) if there is none yet."""
    row = db.session.get(SiteSettings, 1)
    if row is None:
        row = SiteSettings(id=1, brand_version=0, privacy_version=1)
        db.session.add(row)
        db.session.flush()
    return row


def checked_link(label, url, field):
    """A footer link as {"label", "url"}, None for an empty row, or a
    DomainError naming the row's field: http(s) addresses only."""
    label, url = (label or "").strip(), (url or "").strip()
    if not label and not url:
        return None
    if not url:
        raise DomainError(_("Enter the address for this link, or clear its text"), field=field)
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise DomainError(_("Enter an address starting https:// or http://, like "
                            "https://www.example.gov.uk/contact"), field=field)
    return {"label": label or parts.netloc, "url": url}


def save_brand(name, colour, contact, links, logo=None, remove_logo=False):
    """`links`: [(label, url, field name)]; `logo`: the uploaded bytes, if any.
    Every check runs before anything changes; the version moves on, so
    browsers fetch the new stylesheet and logo."""
    colour = checked_colour(colour)
    logo_type = checked_logo(logo) if logo else None
    checked = [link for link in (checked_link(*row) for row in links) if link]
    row = settings_row()
    row.name = name.strip()
    row.colour = colour
    row.contact = contact or None
    row.contact_html = str(render_markdown(contact)) if contact else None
    row.footer_links = json.dumps(checked) if checked else None
    if logo_type:
        row.logo, row.logo_type = logo, logo_type
    elif remove_logo:
        row.logo = row.logo_type = None
    row.brand_version += 1
    row.brand_updated_at = utcnow()
    db.session.flush()
    sitesettings.forget()
    return row


def save_privacy(source, material_change, default_source):
    """The council's notice. The default draft saved unchanged stays the
    default (so its retention periods keep following the settings); either
    way the notice counts as reviewed. A material change raises the version,
    and everyone who accepted an older one is asked to read it again."""
    row = settings_row()
    source = source.replace("\r\n", "\n").strip() + "\n"
    if source.strip() == default_source.strip():
        row.privacy = row.privacy_html = None
    else:
        row.privacy = source
        row.privacy_html = str(render_document(source))
    now = utcnow()
    if material_change:
        row.privacy_version += 1
        row.privacy_updated_at = now
    elif row.privacy_updated_at is None:
        row.privacy_updated_at = now
    row.privacy_reviewed_at = now
    db.session.flush()
    sitesettings.forget()
    return row


def send_test_mail(user):
    """A test email to the administrator through the normal outbox and
    SMTP path; the checklist records when it was sent."""
    with in_language_of(user):
        mail.queue(user.email, _("Test email from %(site)s", site=sitesettings.site_name()),
                   "test", user=user)
    row = settings_row()
    row.test_mail_sent_at = utcnow()
    db.session.flush()
    sitesettings.forget()
    return row


def setup_steps():
    """The first-run checklist on /admin: which steps are done."""
    brand = sitesettings.current()
    return {
        "brand": brand.brand_updated_at is not None,
        "area": bool(db.session.scalar(select(exists().where(ServiceArea.id.isnot(None))))),
        "challenge": bool(db.session.scalar(select(exists().where(Challenge.id.isnot(None))))),
        "privacy": brand.privacy_reviewed_at is not None,
        "test_mail": brand.test_mail_sent_at is not None,
    }
