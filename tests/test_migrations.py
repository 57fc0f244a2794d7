"""The migrations build exactly the schema the models describe, and go down
and up again."""
import warnings

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import SAWarning

from codesign import create_app
from codesign.extensions import db
from codesign.search import EXPRESSION_INDEXES, include_object


def test_migrations_match_the_models(app):
    # The session database was built by `flask db upgrade` (the app fixture).
    with app.app_context():
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={
                "compare_type": True, "include_object": include_object})
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression",
                                        SAWarning)
                diff = compare_metadata(context, db.metadata)
    assert diff == [], "the models and the migrations differ; run `flask db migrate`:\n" + \
        "\n".join(map(str, diff))


def test_the_indexes_on_expressions_are_built(app):
    """Autogenerate can't compare them, so their names are checked here."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            found = "SELECT indexname FROM pg_indexes WHERE indexname = :name"
        else:
            found = "SELECT name FROM sqlite_master WHERE type = 'index' AND name = :name"
        for name in EXPRESSION_INDEXES:
            assert db.session.scalar(text(found), {"name": name}) == name


def test_downgrade_to_base_and_upgrade_again(tmp_path):
    app = create_app({
        "ENV_NAME": "testing",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'migrations.db'}",
    })
    model_tables = set(db.metadata.tables)
    with app.app_context():
        upgrade()
        assert model_tables <= set(inspect(db.engine).get_table_names())

        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}

        upgrade()
        assert model_tables <= set(inspect(db.engine).get_table_names())
        db.engine.dispose()
