"""`flask users create` and `flask users set-role`, as an operator runs them."""
import pytest
from sqlalchemy import func, select

from codesign.auth.passwords import verify_password
from codesign.extensions import db
from codesign.models import OutboxMessage, User

PASSWORD = "correct horse battery"


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def invoke(*args, input=None):
        return runner.invoke(args=list(args), input=input)
    return invoke


def account(app, email):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def users(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_create_reads_the_password_from_stdin(app, run):
    result = run("users", "create", "Ada@Example.org", "--name", "Ada", "--role", "admin",
                 "--password-stdin", input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "ada@example.org" in result.output
    user = account(app, "ada@example.org")
    assert user.display_name == "Ada" and user.role == "admin"
    assert user.confirmed_at is not None
    assert user.password_hash != PASSWORD
    with app.app_context():
        assert verify_password(user, PASSWORD)
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_create_prompts_for_the_password_twice(app, run):
    result = run("users", "create", "bo@example.org", "--name", "Bo",
                 input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("Password") >= 1 and "Repeat" in result.output
    assert PASSWORD not in result.output  # hidden as it is typed
    assert account(app, "bo@example.org").role == "resident"


def test_create_asks_again_when_the_two_passwords_differ(app, run):
    result = run("users", "create", "cy@example.org", "--name", "Cy",
                 input=f"{PASSWORD}\nsomething else\n{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output
    with app.app_context():
        assert verify_password(db.session.scalar(select(User)), PASSWORD)


def test_a_duplicate_email_is_refused(app, run, factory):
    factory.user(email="taken@example.org")
    result = run("users", "create", "TAKEN@example.org", "--name", "Again", "--password-stdin",
                 input=PASSWORD + "\n")
    assert result.exit_code == 1
    assert "already an account with the email address taken@example.org" in result.output
    assert users(app) == 1


@pytest.mark.parametrize("args, stdin, message", [
    (["not-an-email", "--name", "X"], PASSWORD, "correct format"),
    (["x@example.org", "--name", "   "], PASSWORD, "name must be between 1 and 60"),
    (["x@example.org", "--name", "n" * 61], PASSWORD, "name must be between 1 and 60"),
    (["x@example.org", "--name", "X"], "short", "between 8 and 128"),
    (["x@example.org", "--name", "X"], "p" * 129, "between 8 and 128"),
    (["x@example.org", "--name", "X"], "Password123", "too common"),
])
def test_bad_values_are_refused_with_a_clear_message(app, run, args, stdin, message):
    result = run("users", "create", *args, "--password-stdin", input=stdin + "\n")
    assert result.exit_code == 1
    assert message in result.output
    assert users(app) == 0


def test_an_unknown_role_is_refused(app, run, factory):
    result = run("users", "create", "x@example.org", "--name", "X", "--role", "overlord",
                 "--password-stdin", input=PASSWORD + "\n")
    assert result.exit_code != 0
    assert "overlord" in result.output and "resident" in result.output
    assert users(app) == 0

    factory.user(email="sam@example.org")
    result = run("users", "set-role", "sam@example.org", "overlord")
    assert result.exit_code != 0
    assert account(app, "sam@example.org").role == "resident"


def test_set_role(app, run, factory):
    factory.user(email="sam@example.org")
    result = run("users", "set-role", "Sam@Example.org", "staff")
    assert result.exit_code == 0, result.output
    assert "sam@example.org is now staff" in result.output
    assert account(app, "sam@example.org").role == "staff"


def test_an_operator_demotes_an_admin_but_never_the_last_one(app, run, factory):
    factory.user(email="ada@example.org", role="admin")
    factory.user(email="bo@example.org", role="admin")
    assert run("users", "set-role", "bo@example.org", "staff").exit_code == 0
    assert account(app, "bo@example.org").role == "staff"
    last = run("users", "set-role", "ada@example.org", "resident")
    assert last.exit_code == 1
    assert "the only administrator" in last.output
    assert account(app, "ada@example.org").role == "admin"


def test_set_role_for_an_unknown_email(app, run):
    result = run("users", "set-role", "nobody@example.org", "admin")
    assert result.exit_code == 1
    assert "no account with the email address nobody@example.org" in result.output
