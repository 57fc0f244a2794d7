"""The brand stylesheet and logo. Both URLs carry the settings' version
(?v=N), so a browser may keep them for a year; a new save changes the URL."""
from flask import abort, make_response, request
from sqlalchemy import select

from .. import sitesettings
from ..extensions import db
from ..models import SiteSettings
from . import bp

YEAR = 365 * 24 * 3600
# For an SVG opened by itself: nothing in it may run or load anything.
LOGO_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def _cached(response, version):
    response.set_etag(f"brand-{version}")
    response.cache_control.public = True
    response.cache_control.max_age = YEAR if request.args.get("v") == str(version) else 300
    return response.make_conditional(request)


@bp.get("/style.css")
def stylesheet():
    brand = sitesettings.current()
    # The colour was checked to be "#rrggbb" when it was saved.
    css = f":root {{ --govuk-brand-colour: {brand.colour}; }}\n"
    response = make_response(css)
    response.mimetype = "text/css"
    return _cached(response, brand.version)


@bp.get("/logo")
def logo():
    row = db.session.execute(
        select(SiteSettings.logo, SiteSettings.logo_type, SiteSettings.brand_version)
        .where(SiteSettings.id == 1)).first()
    if row is None or row.logo is None:
        abort(404)
    response = make_response(bytes(row.logo))
    response.mimetype = row.logo_type
    response.headers["Content-Security-Policy"] = LOGO_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline; filename=logo." + (
        "svg" if row.logo_type == "image/svg+xml" else "png")
    return _cached(response, row.brand_version)
