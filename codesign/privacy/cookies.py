"""Every cookie the site sets: the notice lists them from here, and
tests/test_privacy.py checks that no other is ever set. All are strictly
necessary (signing in, protecting forms), so no consent banner is needed."""
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import format_timedelta
from flask_babel import gettext as _

from .. import language

# Flask-Login's default, kept in one place with its name.
REMEMBER_DURATION = timedelta(days=365)


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    lifetime: str


def cookies():
    config = current_app.config
    remember = config.get("REMEMBER_COOKIE_DURATION") or REMEMBER_DURATION
    if not isinstance(remember, timedelta):
        remember = timedelta(seconds=int(remember))
    return [
        Cookie(config["SESSION_COOKIE_NAME"],
               _("Keeps you signed in while you move between pages, holds the security token "
                 "that protects every form from forgery, and carries short messages such as "
                 "“Idea saved” to the next page."),
               _("Until you close your browser")),
        Cookie(config.get("REMEMBER_COOKIE_NAME", "remember_token"),
               _("Set only when you tick “Keep me signed in on this device”: keeps you "
                 "signed in after the browser is closed. Signing out removes it."),
               format_timedelta(remember, threshold=1)),
    ] + ([Cookie(language.COOKIE,
                 _("Set only when you choose a language with the link at the top of the page: "
                   "remembers it."),
                 format_timedelta(timedelta(days=language.COOKIE_DAYS), threshold=1))]
         if len(language.offered()) > 1 else [])


def cookie_names():
    return {cookie.name for cookie in cookies()}
