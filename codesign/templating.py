"""What every template can use: the permission predicates, the one Markdown
renderer, and dates in words."""
from flask_babel import format_datetime, format_timedelta, get_locale

from . import permissions
from .clock import utcnow
from .sanitise import render_markdown


def time_ago(moment):
    return format_timedelta(moment - utcnow(), add_direction=True)


def init_app(app):
    app.jinja_env.globals.update(permissions.PREDICATES)
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["time_ago"] = time_ago
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
