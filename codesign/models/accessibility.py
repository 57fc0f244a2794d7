"""Problems with the site's accessibility that visitors report from the
accessibility statement (/accessibility/report), kept for staff to deal with.

No link to an account: a report may come from anyone, and the name and email
it carries are only what the visitor chose to give for a reply."""
from ..extensions import db
from ..sanitise import rendered_from

PAGE_MAX = 500
PROBLEM_MAX = 5_000
NAME_MAX = 100
EMAIL_MAX = 254


class AccessibilityReport(db.Model):
    __tablename__ = "accessibility_report"
    __table_args__ = (
        db.Index("ix_accessibility_report_open", "dealt_with_at", "created_at"),
    )

    id = db.Column(db.Integer, primary_key=True)
    page = db.Column(db.String(PAGE_MAX), nullable=False)
    problem = db.Column(db.Text, nullable=False)
    problem_html = db.Column(db.Text, nullable=False, default=rendered_from("problem"))
    name = db.Column(db.String(NAME_MAX))
    email = db.Column(db.String(EMAIL_MAX))
    # The language the page was in, so a reply can be in it too.
    locale = db.Column(db.String(10), nullable=False, default="en")
    created_at = db.Column(db.DateTime, nullable=False)
    dealt_with_at = db.Column(db.DateTime)

    @property
    def is_open(self):
        return self.dealt_with_at is None
