"""What every template can use: the permission predicates, the words for
stored codes (codesign/labels.py), the HTML the sanitiser stored when a text
was written (templates never render Markdown), and dates in words."""
from babel.dates import TIMEDELTA_UNITS
from flask import g
from flask_babel import format_timedelta, get_locale, get_translations
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader, Template

from . import frontendtext, labels, language, localtime, permissions
from .clock import utcnow
from .sanitise import stored_html

# Babel's words for a time span depend only on its unit, its rounded number
# of them and its direction (babel.dates.format_timedelta): kept by those,
# per language, they are worked out once, not for every date on a page (the
# moderation queue has eighty, each a fragment's key).
_THRESHOLD = 0.85  # Flask-Babel's, at which the next larger unit is used
_WORDS = {}
_WORDS_KEPT = 20_000


def _in_words(delta, add_direction):
    """format_timedelta(delta, add_direction=add_direction), as Flask-Babel
    gives it, from what is kept when the same words were asked for before."""
    seconds = delta.total_seconds()
    for unit, per_unit in TIMEDELTA_UNITS:  # largest first, as Babel goes
        value = abs(seconds) / per_unit
        if value >= _THRESHOLD or unit == "second":
            if unit == "second" and value > 0:
                value = max(1, value)
            break
    key = (get_locale(), unit, int(round(value)), add_direction, add_direction and seconds >= 0)
    words = _WORDS.get(key)
    if words is None:
        if len(_WORDS) >= _WORDS_KEPT:
            _WORDS.clear()
        words = _WORDS[key] = format_timedelta(delta, add_direction=add_direction)
    return words


def time_ago(moment):
    return _in_words(moment - utcnow(), True)


def age(moment):
    """How long ago, without "ago": "2 hours", for "account 2 hours old"."""
    return _in_words(utcnow() - moment, False)


def _translations():
    """The catalogue for this context's locale, looked up once per locale.

    Flask-Babel's own template callables look the locale and catalogue up
    again on every `_()`, and a list page makes hundreds of calls. The cache
    is keyed by the locale object Flask-Babel keeps for the context, so
    `force_locale` (a new object) still switches language."""
    locale = getattr(g.get("_flask_babel"), "babel_locale", None)
    cached = g.get("_codesign_translations")
    if cached is not None and locale is not None and cached[0] is locale:
        return cached[1]
    translations = get_translations()
    g._codesign_translations = (getattr(g.get("_flask_babel"), "babel_locale", None), translations)
    return translations


class _Template(Template):
    """A template whose `{% from ... import ... %}` costs a set lookup.

    Jinja decides whether an imported template's cached module will do by
    subtracting the importing context's globals from the imported
    template's (a ChainMap over the app's hundred-odd globals) on every
    import: about a millisecond a page over a base template's ten imports.
    The globals are set when the app starts, before any template is loaded,
    so the imported template's keys are read once."""

    def _get_default_module(self, ctx=None):
        known = self.__dict__.get("_codesign_global_keys")
        if known is None:
            known = self._codesign_global_keys = frozenset(self.globals)
        if ctx is not None and not ctx.globals_keys <= known:
            return super()._get_default_module(ctx)
        if self._module is None:
            self._module = self.make_module()
        return self._module


def init_app(app):
    app.jinja_env.template_class = _Template
    # GOV.UK Frontend's components, from the maintained Jinja port of its
    # macros: {% from "govuk_frontend_jinja/components/button/macro.html" import govukButton %}
    app.jinja_loader = ChoiceLoader([app.jinja_loader, PrefixLoader(
        {"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})])
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals.update(permissions.PREDICATES)
    app.jinja_env.globals.update(labels.TEMPLATE_GLOBALS)
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["language_links"] = language.switch_links
    app.jinja_env.globals["language_name"] = language.name_of
    app.jinja_env.globals["file_upload_texts"] = frontendtext.file_upload_texts
    app.jinja_env.globals["writing_languages"] = language.writing_choices
    app.jinja_env.globals["written_by_default"] = language.written_by_default
    app.jinja_env.filters["stored_html"] = stored_html
    app.jinja_env.filters["time_ago"] = time_ago
    app.jinja_env.filters["age"] = age
    # Dates in words, in the council's time zone (codesign/localtime.py).
    app.jinja_env.filters["datetime"] = localtime.format_datetime
    app.jinja_env.filters["date"] = localtime.format_date
    app.jinja_env.filters["closing"] = localtime.format_closing
    app.jinja_env.filters["month"] = localtime.format_month
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
