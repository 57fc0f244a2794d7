"""The words for partners' kinds and offers, in the reader's language."""
from flask_babel import lazy_gettext as _l

PARTNER_KIND_LABELS = {
    "social_enterprise": _l("Social enterprise"),
    "charity": _l("Charity"),
    "business": _l("Business"),
    "public_body": _l("Public body"),
}

PARTNER_STATUS_LABELS = {
    "pending": _l("Waiting for confirmation"),
    "confirmed": _l("Confirmed"),
    "declined": _l("Declined"),
}

OFFER_KIND_LABELS = {
    "skills": _l("Skills"),
    "venue": _l("A venue"),
    "volunteers": _l("Volunteers"),
    "in_kind": _l("Money in kind (goods, services, materials)"),
}

OFFER_STATUS_LABELS = {
    "pending": _l("Waiting for staff"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
}


# For the templates, as the global `partner_labels` (see __init__.py).
LABELS = {"partner_kind": PARTNER_KIND_LABELS, "partner_status": PARTNER_STATUS_LABELS,
          "offer_kind": OFFER_KIND_LABELS, "offer_status": OFFER_STATUS_LABELS}
