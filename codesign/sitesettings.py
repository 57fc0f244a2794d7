"""The council's settings as pages read them: its brand (name, colour, logo,
footer links, contact details), the privacy notice version, and the marks
of the first-run checklist.

Read once per request (or app context, for mail sent after a response) and
kept in flask.g: a page costs one query for them, whatever uses them, and
one that uses none (the API, a redirect) costs nothing. The logo's bytes and
the notice's text are deferred columns, read only by their own pages.
Saving settings calls forget(), so what is read next is the new row."""
import json
from dataclasses import dataclass
from datetime import datetime

from flask import g
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.local import LocalProxy

from .extensions import db
from .models import SiteSettings

DEFAULT_COLOUR = "#1d70b8"
_KEY = "_codesign_site_settings"
_COLUMNS = (SiteSettings.name, SiteSettings.colour, SiteSettings.logo_type,
            SiteSettings.footer_links, SiteSettings.contact_html, SiteSettings.brand_version,
            SiteSettings.brand_updated_at, SiteSettings.privacy_version,
            SiteSettings.privacy_updated_at, SiteSettings.privacy_reviewed_at,
            SiteSettings.test_mail_sent_at)
# Every page reads it: built once.
_READ = select(*_COLUMNS).where(SiteSettings.id == 1)


@dataclass(frozen=True)
class FooterLink:
    label: str
    url: str


@dataclass(frozen=True)
class Brand:
    name: str
    colour: str
    custom_colour: bool
    logo_type: str | None
    version: int
    footer_links: tuple
    contact_html: str
    privacy_version: int
    brand_updated_at: datetime | None = None
    privacy_updated_at: datetime | None = None
    privacy_reviewed_at: datetime | None = None
    test_mail_sent_at: datetime | None = None

    @property
    def has_logo(self):
        return self.logo_type is not None


def parse_links(stored):
    """Footer links as saved (a JSON list of {"label", "url"}); () for none."""
    if not stored:
        return ()
    return tuple(FooterLink(item["label"], item["url"]) for item in json.loads(stored))


def _from_row(row):
    if row is None:
        return Brand(name=_("Codesign"), colour=DEFAULT_COLOUR, custom_colour=False,
                     logo_type=None, version=0, footer_links=(), contact_html="",
                     privacy_version=1)
    return Brand(
        name=row.name or _("Codesign"), colour=row.colour or DEFAULT_COLOUR,
        custom_colour=row.colour is not None, logo_type=row.logo_type,
        version=row.brand_version, footer_links=parse_links(row.footer_links),
        contact_html=row.contact_html or "", privacy_version=row.privacy_version,
        brand_updated_at=row.brand_updated_at, privacy_updated_at=row.privacy_updated_at,
        privacy_reviewed_at=row.privacy_reviewed_at, test_mail_sent_at=row.test_mail_sent_at)


def current() -> Brand:
    """The settings for this request: one query the first time, none after."""
    brand = g.get(_KEY)
    if brand is None:
        try:
            row = db.session.execute(_READ).first()
        except SQLAlchemyError:
            # The error page when the database is down must still render:
            # it shows the default brand rather than fail in its turn.
            db.session.rollback()
            row = None
        brand = _from_row(row)
        setattr(g, _KEY, brand)
    return brand


def forget():
    """After a save: the next read sees the new row."""
    g.pop(_KEY, None)


def site_name() -> str:
    """The council's name for the site, for email subjects."""
    return current().name


def privacy_notice_due(user):
    """True when a signed-in person has not accepted the current privacy
    notice (the banner in templates/_privacy_banner.html asks them to read it)."""
    if not getattr(user, "is_authenticated", False):
        return False
    # An account from before versions counts as having the first: the notice
    # it registered under. It is asked again at the first material change.
    return (user.privacy_version_accepted or 1) < current().privacy_version


def init_app(app):
    # A proxy, so a template that never reads `brand` costs no query.
    app.jinja_env.globals["brand"] = LocalProxy(current)
    app.jinja_env.globals["privacy_notice_due"] = privacy_notice_due
