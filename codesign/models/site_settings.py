"""The council's settings that staff change while the site runs: its brand,
its privacy notice, and the first-run checklist's marks. One row (id 1), held
to it by a check constraint; no row at all means every default."""
from ..extensions import db

SITE_NAME_MAX = 80
LOGO_TYPES = ("image/png", "image/svg+xml")


class SiteSettings(db.Model):
    __tablename__ = "site_settings"
    __table_args__ = (
        db.CheckConstraint("id = 1", name="one_row"),
        db.CheckConstraint("logo_type IN ('image/png', 'image/svg+xml')", name="logo_type_known"),
    )

    id = db.Column(db.Integer, primary_key=True, autoincrement=False, default=1)
    # None: the default ("Codesign", #1d70b8, no logo) shows.
    name = db.Column(db.String(SITE_NAME_MAX))
    colour = db.Column(db.String(7))
    # The uploaded file as checked (codesign/brand/logo.py), served by brand.logo.
    logo = db.deferred(db.Column(db.LargeBinary))
    logo_type = db.Column(db.String(20))
    # JSON list of {"label", "url"}, checked when saved.
    footer_links = db.Column(db.Text)
    contact = db.Column(db.Text)
    contact_html = db.Column(db.Text)
    # Changes with every save of the brand: the stylesheet's and logo's URLs
    # carry it, so browsers may keep them as long as they like.
    brand_version = db.Column(db.Integer, nullable=False, default=0)
    brand_updated_at = db.Column(db.DateTime)
    # None: the default draft (templates/privacy/default_notice.md) shows.
    privacy = db.deferred(db.Column(db.Text))
    privacy_html = db.deferred(db.Column(db.Text))
    # Raised by a material change: people who accepted an older one see it again.
    privacy_version = db.Column(db.Integer, nullable=False, default=1)
    privacy_updated_at = db.Column(db.DateTime)
    # When an administrator last saved the notice (the checklist's "reviewed").
    privacy_reviewed_at = db.Column(db.DateTime)
    test_mail_sent_at = db.Column(db.DateTime)
