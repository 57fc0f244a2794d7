"""A worker freezes what it holds out of the garbage collector's full passes
once it has answered GC_FREEZE_AFTER requests, and only then."""
import gc

from codesign import create_app
from codesign.extensions import db


def test_a_worker_freezes_its_objects_once_warm(app):
    worker = create_app({"ENV_NAME": "testing", "GC_FREEZE_AFTER": 3,
                         "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    gc.unfreeze()
    try:
        client = worker.test_client()
        for _ in range(2):
            assert client.get("/healthz").status_code == 200
        assert gc.get_freeze_count() == 0
        client.get("/healthz")
        frozen = gc.get_freeze_count()
        assert frozen > 0
        kept = [[] for _ in range(1000)]  # objects the collector tracks, made since
        client.get("/healthz")
        # Once: a second freeze would have taken `kept` too (frozen objects
        # can still be freed, so the count may drop a little).
        assert gc.get_freeze_count() < frozen + len(kept)
    finally:
        gc.unfreeze()
        with worker.app_context():
            db.engine.dispose()


def test_the_tests_never_freeze(app, client):
    gc.unfreeze()
    for _ in range(5):
        client.get("/healthz")
    assert app.config["GC_FREEZE_AFTER"] == 0
    assert gc.get_freeze_count() == 0
