"""Codesign: residents propose, support and discuss ideas to redesign public services."""
from pathlib import Path

from flask import Flask
from werkzeug.routing import IntegerConverter

from .config import load_config
from .extensions import babel, csrf, db, login_manager, migrate
from .language import select_locale
from .web import MAX_ID

ROOT = Path(__file__).resolve().parent.parent


class IdConverter(IntegerConverter):
    """A positive id that fits every database's integer column; others are 404."""

    def __init__(self, map, **kwargs):
        super().__init__(map, min=1, max=MAX_ID)


def create_app(config=None):
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_relative_config=True,
    )
    load_config(app, config)
    app.url_map.converters["id"] = IdConverter

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)

    from .database import configure_engine
    with app.app_context():
        configure_engine(db.engine)

    from . import models  # noqa: F401  (registers the tables with the metadata)
    from .accessibility import bp as accessibility_bp
    from .account import bp as account_bp
    from .admin import bp as admin_bp
    from .api import bp as api_bp
    from .assist import bp as assist_bp
    from .auth import bp as auth_bp
    from .brand import bp as brand_bp
    from .deletion import bp as deletion_bp
    from .ideas import bp as ideas_bp
    from .main import bp as main_bp
    from .moderation import bp as moderation_bp
    from .notifications import bp as notifications_bp
    from .partners import bp as partners_bp
    from .pilots import bp as pilots_bp
    from .practices import bp as practices_bp
    from .privacy import bp as privacy_bp
    from .proposals import bp as proposals_bp
    from .reach import bp as reach_bp
    from .staff import bp as staff_bp

    for blueprint in (main_bp, auth_bp, ideas_bp, api_bp, moderation_bp, staff_bp,
                      proposals_bp, notifications_bp, admin_bp, pilots_bp, partners_bp,
                      account_bp, practices_bp, deletion_bp, assist_bp):
        app.register_blueprint(blueprint)
    # The council's brand, privacy notice and setup settings (codesign/sitesettings.py).
    for blueprint in (brand_bp, privacy_bp, accessibility_bp):
        app.register_blueprint(blueprint)
    # Who is being heard: /account/about-you, /admin/reach, /staff/reach.
    app.register_blueprint(reach_bp)

    # The parts each area adds to the idea and proposal pages (codesign/panels.py).
    from . import panels
    from .accessibility import panels as accessibility_panels
    from .moderation import panels as moderation_panels
    from .notifications import panels as notification_panels
    from .partners import panels as partner_panels
    from .pilots import panels as pilot_panels
    from .practices import panels as practice_panels
    from .proposals import panels as proposal_panels
    from .staff import panels as staff_panels
    panels.init_app(app)
    for area in (notification_panels, proposal_panels, staff_panels, moderation_panels,
                 pilot_panels, partner_panels,
                 practice_panels, accessibility_panels):
        area.register(app)

    # Residents a connector entered something for hear the idea's news by email.
    from .assist import mailing as assist_mailing
    assist_mailing.init_app(app)

    from . import (
        cli,
        errors,
        fragments,
        limits,
        mail,
        pagecache,
        pageframe,
        security,
        sitesettings,
        templating,
        warmup,
    )
    limits.init_app(app)  # after the blueprints: it wraps their views (and stops on a name it lacks)
    errors.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    fragments.init_app(app)
    sitesettings.init_app(app)
    pageframe.init_app(app)
    mail.init_app(app)
    cli.init_app(app)
    # The page cache listens to every SQLAlchemy Session in the process (a
    # global event listener, installed once): any commit that wrote, from any
    # route, service or CLI command, makes visitors' cached pages stale, so no
    # write has to remember to. It acts only in an app whose cache is on.
    pagecache.init_app(app)
    warmup.init_app(app)
    return app
