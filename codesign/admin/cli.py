"""`flask users ...`: make accounts and set roles from the command line, for
the first administrator and for scripts."""
import sys

import click

from ..auth.services import find_user_by_email
from ..exceptions import DomainError
from ..extensions import db
from ..models import Role
from . import bp, services

ROLES = [role.value for role in Role]


@bp.cli.group("users")
def users_group():
    """Accounts: create them and set their role."""


def _read_password(from_stdin):
    if from_stdin:
        # One line; only the line ending is dropped, spaces may be meant.
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_group.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The display name shown beside their posts.")
@click.option("--role", type=click.Choice(ROLES), default=Role.RESIDENT.value, show_default=True)
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input instead of asking.")
def create_command(email, name, role, password_stdin):
    """Create a confirmed account (no confirmation email is sent)."""
    password = _read_password(password_stdin)
    try:
        user = services.create_account(email, name, password, role)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role}).")


@users_group.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
def set_role_command(email, role):
    """Give an existing account a role."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"There is no account with the email address {email}.")
    try:
        services.set_role(user, role)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"{user.email} is now {user.role}.")
