"""Which language a page is in: the person's saved choice, then the
language cookie, then the browser's Accept-Language, then the default.

LANGUAGES lists the languages the site offers; a language joins it once its
catalogue is complete, so the switch never offers a page it can't show."""
from flask import current_app, has_request_context, request, url_for
from flask_babel import force_locale, get_locale
from flask_login import current_user
from sqlalchemy import inspect

COOKIE = "language"
COOKIE_DAYS = 365
# Each language is named in itself, so a reader finds their own.
NAMES = {"en": "English", "cy": "Cymraeg"}


def name_of(code):
    """A language's name in itself ("Cymraeg"), or its code if it is not one we know."""
    return NAMES.get(code, code)


def offered():
    return current_app.config["LANGUAGES"]


def select_locale():
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    languages = offered()
    saved = saved_choice(current_user)
    if saved in languages:
        return saved
    chosen = request.cookies.get(COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or default


def saved_choice(user):
    """The signed-in person's language as loaded with them, or None. A value
    expired by a commit is not read again: that would cost a query after the
    commit, and the cookie, set at the same time, says the same."""
    if not getattr(user, "is_authenticated", False):
        return None
    return inspect(user._get_current_object() if hasattr(user, "_get_current_object") else user
                   ).dict.get("locale")


def remember(response, code):
    response.set_cookie(
        COOKIE, code, max_age=COOKIE_DAYS * 24 * 3600, httponly=True, samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def in_language_of(user):
    """A block whose words are in `user`'s language: for their emails, which
    may be written while someone else's request runs."""
    languages = offered()
    return force_locale(user.locale if user.locale in languages else languages[0])


def switch_links():
    """Links to this page in each other language offered: (code, name, url)."""
    current = str(get_locale())
    here = request.full_path.rstrip("?")
    return [(code, NAMES.get(code, code), url_for("main.choose_language", code=code, next=here))
            for code in offered() if code != current]


def written_by_default(user=None):
    """The language someone (the signed-in person unless given) writes an
    idea or a comment in unless they say otherwise: their saved choice if it
    is offered, else the page's."""
    saved = saved_choice(current_user if user is None else user)
    return saved if saved in offered() else str(get_locale())


def writing_choices():
    """The languages a writer may mark their text as written in, (code,
    name), or () while the site offers only one, when there is nothing to
    choose. A tuple, so that a kept form can be keyed by it."""
    languages = offered()
    return tuple((code, NAMES.get(code, code)) for code in languages) if len(languages) > 1 else ()
