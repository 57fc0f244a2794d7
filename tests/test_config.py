"""Settings: production refuses to start without a real SECRET_KEY, and
development makes one of its own, kept in the instance folder."""
import re
from pathlib import Path

import pytest
from flask import Flask

from codesign import create_app

PACKAGE = Path(__file__).resolve().parent.parent / "codesign"


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """An instance folder of the test's own, in place of the checkout's instance/."""
    folder = tmp_path / "instance"
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(folder))
    return folder


def test_production_without_secret_key_refuses_to_start(monkeypatch, instance):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    # Config.SECRET_KEY was read from the environment at import: override it too.
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                    "SECRET_KEY": None})
    assert not (instance / "secret_key").exists()


def test_production_is_the_default(monkeypatch, instance):
    monkeypatch.delenv("CODESIGN_ENV", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": None})
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "s" * 64,
                      "BASE_URL": "https://codesign.example.org"})
    assert app.config["ENV_NAME"] == "production"
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_development_generates_and_reuses_a_key(monkeypatch, instance):
    monkeypatch.setenv("CODESIGN_ENV", "development")
    first = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": None})
    assert first.config["ENV_NAME"] == "development"
    key_file = instance / "secret_key"
    key = key_file.read_text().strip()
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert first.config["SECRET_KEY"] == key
    assert key_file.stat().st_mode & 0o077 == 0  # readable by its owner only

    second = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": None})
    assert second.config["SECRET_KEY"] == key


def test_each_checkout_gets_its_own_key(monkeypatch, tmp_path):
    keys = []
    for name in ("one", "two"):
        folder = tmp_path / name
        monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self, f=folder: str(f))
        app = create_app({"ENV_NAME": "development", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                          "SECRET_KEY": None})
        keys.append(app.config["SECRET_KEY"])
    assert keys[0] != keys[1]


def test_database_defaults_to_sqlite_in_the_instance_folder(instance):
    app = create_app({"ENV_NAME": "development", "SQLALCHEMY_DATABASE_URI": None,
                      "SECRET_KEY": None})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'codesign.db'}"


def test_no_secret_key_constant_in_the_code():
    constant = re.compile(r"""SECRET_KEY\s*=\s*[rbf]?["']""")
    found = [str(path) for path in PACKAGE.rglob("*.py") if constant.search(path.read_text())]
    assert found == []


def test_production_without_base_url_refuses_to_start(monkeypatch, instance):
    monkeypatch.delenv("BASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="BASE_URL is not set"):
        create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                    "SECRET_KEY": "s" * 64, "BASE_URL": None})


@pytest.mark.parametrize("value", ["codesign.example.org", "ftp://codesign.example.org",
                                   "https://codesign.example.org/?next=x", "https://"])
def test_a_base_url_that_is_not_an_address_refuses_to_start(instance, value):
    with pytest.raises(RuntimeError, match="BASE_URL must be an address"):
        create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                    "SECRET_KEY": "s" * 64, "BASE_URL": value})


def test_production_trusts_only_the_base_url_host(instance):
    app = create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SECRET_KEY": "s" * 64, "BASE_URL": "https://Codesign.Example.org/"})
    assert app.config["BASE_URL"] == "https://codesign.example.org"
    assert app.config["TRUSTED_HOSTS"] == ["codesign.example.org"]


def test_development_runs_without_base_url_on_this_machine(monkeypatch, instance):
    monkeypatch.delenv("BASE_URL", raising=False)
    app = create_app({"ENV_NAME": "development", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SECRET_KEY": None, "BASE_URL": None})
    assert app.config["BASE_URL"] == "http://127.0.0.1:5000"
    client = app.test_client()
    for host in ("127.0.0.1:5000", "localhost:8000", "127.0.0.1:41234"):
        assert client.get("/healthz", headers={"Host": host}).status_code == 200
    assert client.get("/healthz", headers={"Host": "evil.example"}).status_code == 400


def test_the_upload_folder_and_limit_are_set_by_environment_variables(tmp_path):
    """Read from the environment when the settings are imported, so in a process of its own."""
    import os
    import subprocess
    import sys
    folder = tmp_path / "attachments"
    env = {**os.environ, "UPLOAD_FOLDER": str(folder), "PRACTICE_UPLOAD_MAX_BYTES": "2048",
           "CODESIGN_ENV": "testing", "PYTHONPATH": str(PACKAGE.parent)}
    script = ("from codesign import create_app\n"
              "from codesign.practices import uploads\n"
              "app = create_app({'SQLALCHEMY_DATABASE_URI': 'sqlite://'})\n"
              "with app.app_context():\n"
              "    print(uploads.folder(), app.config['PRACTICE_UPLOAD_MAX_BYTES'])\n")
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.split() == [str(folder), "2048"]
    assert folder.is_dir()


def test_an_upload_folder_inside_static_refuses_to_start(instance):
    static = PACKAGE.parent / "static"
    with pytest.raises(RuntimeError, match="UPLOAD_FOLDER must be outside the static folder"):
        create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                    "UPLOAD_FOLDER": str(static / "uploads")})
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "UPLOAD_FOLDER": str(instance / "uploads")})
    assert app.config["UPLOAD_FOLDER"] == str(instance / "uploads")
