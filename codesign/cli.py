import os

import click
from flask import current_app
from flask_babel import force_locale

from .extensions import db
from .language import offered


def terminal_language():
    """The language of the terminal (LC_ALL, LC_MESSAGES, then LANG, as
    gettext reads them) if the site offers it, else the site's default."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            code = value.split(".")[0].split("_")[0].split("-")[0].lower()
            return code if code in offered() else current_app.config["BABEL_DEFAULT_LOCALE"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app):
    from . import counts, mailcommands, retention, seed
    seed.init_app(app)
    counts.init_app(app)
    retention.init_app(app)
    mailcommands.init_app(app)

    @app.cli.command("demo")
    @click.option("--reset", is_flag=True, help="Empty every table first.")
    @click.option("--force", is_flag=True, help="Run even with the production configuration.")
    @click.option("--language", metavar="CODE",
                  help="The language of what the command prints: en or cy "
                       "(default: the terminal's, from LC_ALL or LANG, if offered).")
    def demo_command(reset, force, language):
        """Fill the database with demo content and print the demo sign-ins."""
        from .demo import DemoRefused, load_demo
        if language is not None and language not in offered():
            raise click.BadParameter(", ".join(offered()), param_hint="--language")
        with force_locale(language or terminal_language()):
            try:
                load_demo(reset=reset, echo=click.echo, force=force)
            except DemoRefused as refusal:
                raise click.ClickException(str(refusal)) from None
        db.session.commit()
