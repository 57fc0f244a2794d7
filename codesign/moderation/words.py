"""Words that the moderation pages repeat for every item, looked up once a
page rather than once an item: the queue shows fifty items, each with its
reasons and a menu of reasons to hide it for."""
from flask import g
from flask_babel import get_locale

from .forms import reason_choices


class CachedLabel(dict):
    """code -> label(code), calling label (a macro, which builds its whole
    table of words on every call, or a codesign.labels function) once per
    distinct code.
    Made in a template, it lives as long as that page's rendering."""

    def __init__(self, label):
        super().__init__()
        self.label = label

    def __missing__(self, code):
        words = self[code] = self.label(code)
        return words


def reason_options():
    """reason_choices() as (code, words), translated once per request and
    locale for the reason menus under every item of a page."""
    cache = g.setdefault("_moderation_reason_options", {})
    locale = str(get_locale())
    if locale not in cache:
        cache[locale] = [(code, str(words)) for code, words in reason_choices()]
    return cache[locale]
