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

# "3 days ago" depends only on the locale, the direction, and the unit and
# whole number of them that Babel's format_timedelta picks (its units, and its
# threshold as Flask-Babel passes it), so the words are looked up once for
# each: a page of comments asked Babel seventy times, for a dozen answers.
_THRESHOLD = 0.85
_AGO = {}
_AGO_KEPT = 10_000  # far more than the units and numbers of a few locales


def _unit(seconds):
    """The unit and the number of them format_timedelta shows for `seconds`."""
    for unit, per_unit in TIMEDELTA_UNITS:
        value = abs(seconds) / per_unit
        if value >= _THRESHOLD or unit == "second":
            if unit == "second" and value > 0:
                value = max(1, value)
            return unit, int(round(value))


def time_ago(moment):
    delta = moment - utcnow()
    seconds = delta.total_seconds()
    key = (str(get_locale()), seconds >= 0) + _unit(seconds)
    words = _AGO.get(key)
    if words is None:
        words = format_timedelta(delta, add_direction=True, threshold=_THRESHOLD)
        if len(_AGO) < _AGO_KEPT:
            _AGO[key] = words
    return words


def age(moment):
    """How long ago, without "ago": "2 hours", for "account 2 hours old"."""
    return format_timedelta(utcnow() - moment)


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
