"""What every page shows around its content (templates/_frame.html): the
links in its head, the header with the council's name and logo and the
navigation for the person's roles, and the footer.

It is the same for everyone with the same brand, language, roles and
section of the site, so it is kept rendered (codesign/fragments.py) under
exactly those values, the Frame below: the macros read nothing else. What
differs per person or per page is filled in on every request: the links to
this page in the other languages, the unread count, and the form token.
"""
from typing import NamedTuple

from flask import request
from flask_login import current_user

from . import permissions, sitesettings
from .sitesettings import Brand


class Frame(NamedTuple):
    """Every value the kept frame shows or decides by."""

    brand: Brand
    blueprint: str | None  # which navigation entry is the current one
    endpoint: str | None
    signed_in: bool
    moderator: bool
    staff: bool
    admin: bool


def current():
    user = current_user
    return Frame(
        brand=sitesettings.current(), blueprint=request.blueprint, endpoint=request.endpoint,
        signed_in=bool(getattr(user, "is_authenticated", False)),
        moderator=permissions.is_moderator(user), staff=permissions.is_staff(user),
        admin=permissions.is_admin(user))


def init_app(app):
    app.jinja_env.globals["page_frame"] = current
