"""Administration: service areas, challenges, roles and accounts. Plain
functions over models and values; they flush, never commit, and raise
DomainError (with the form field it belongs beside) when a rule says no."""
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from .. import localtime, permissions
from ..auth.passwords import hash_password, password_problem
from ..auth.services import display_name_taken, find_user_by_mailbox, name_taken_error, normalise_email
from ..clock import utcnow
from ..exceptions import DomainError
from ..extensions import db
from ..formtext import clean_name, clean_text
from ..models import Challenge, Role, ServiceArea, User
from ..models.user import DISPLAY_NAME_MAX, EMAIL_MAX
from ..pagination import MAX_PAGE, Page
from ..sanitise import render_markdown

USERS_PER_PAGE = 50
# "Reopen" gives a closed challenge this long again; staff can edit the dates.
REOPEN_FOR = timedelta(days=30)


# -- service areas --------------------------------------------------------------

def _check_area_name(name, area=None):
    clash = select(ServiceArea.id).where(func.lower(ServiceArea.name) == name.lower())
    if area is not None and area.id is not None:
        clash = clash.where(ServiceArea.id != area.id)
    if db.session.scalar(clash) is not None:
        raise DomainError(_("There is already a service area called “%(name)s”.", name=name),
                          field="name")


def _save_area(area):
    try:
        with db.session.begin_nested():
            db.session.add(area)
    except IntegrityError:  # the same name, saved by someone else just now
        raise DomainError(_("There is already a service area called “%(name)s”.",
                            name=area.name), field="name") from None
    return area


def create_area(name, description=""):
    _check_area_name(name)
    return _save_area(ServiceArea(name=name, description=description or "",
                                  description_html=render_markdown(description),
                                  created_at=utcnow()))


def update_area(area, name, description=""):
    _check_area_name(name, area)
    area.name = name
    area.description = description or ""
    area.description_html = render_markdown(description)
    return _save_area(area)


# -- challenges -----------------------------------------------------------------

def _opening(day, current=None):
    """The start of a local day; an unchanged day keeps its exact time."""
    if current is not None and localtime.to_local(current).date() == day:
        return current
    return localtime.to_utc(day)


def _closing(day, at=None, current=None):
    """The end of a local day, or that day at a set time. Unchanged, it keeps
    its exact time, so saving a challenge closed "now" does not move it."""
    if current is not None and localtime.closing_parts(current) == (day, at):
        return current
    return localtime.to_utc(day, at) if at is not None else localtime.end_of_day(day)


def _apply_challenge(challenge, question, description, service_area, opens_on, closes_on,
                     closing_time=None):
    opens_at = _opening(opens_on, challenge.opens_at)
    closes_at = _closing(closes_on, closing_time, challenge.closes_at)
    if closes_at <= opens_at:
        raise DomainError(_("The challenge must close after it opens"), field="closes_on")
    challenge.question = question
    challenge.description = description or ""
    challenge.description_html = render_markdown(description)
    challenge.service_area = service_area
    challenge.opens_at, challenge.closes_at = opens_at, closes_at
    db.session.flush()
    return challenge


def create_challenge(question, description, service_area, opens_on, closes_on,
                     closing_time=None):
    """A challenge taking ideas from the start of ``opens_on`` until the end
    of ``closes_on`` (or ``closing_time`` that day), local time."""
    challenge = Challenge(created_at=utcnow())
    _apply_challenge(challenge, question, description, service_area, opens_on, closes_on,
                     closing_time)
    db.session.add(challenge)
    db.session.flush()
    return challenge


def update_challenge(challenge, question, description, service_area, opens_on, closes_on,
                     closing_time=None):
    return _apply_challenge(challenge, question, description, service_area, opens_on,
                            closes_on, closing_time)


def challenge_state(challenge, now=None):
    now = now or utcnow()
    if now < challenge.opens_at:
        return "upcoming"
    return "open" if now < challenge.closes_at else "closed"


def close_challenge(challenge, now=None):
    now = now or utcnow()
    state = challenge_state(challenge, now)
    if state == "closed":
        raise DomainError(_("This challenge is already closed."))
    if state == "upcoming":
        raise DomainError(_("This challenge has not opened yet. Change its dates instead."))
    challenge.closes_at = now
    db.session.flush()
    return challenge


def reopen_challenge(challenge, now=None):
    now = now or utcnow()
    state = challenge_state(challenge, now)
    if state == "open":
        raise DomainError(_("This challenge is already open."))
    if state == "upcoming":
        raise DomainError(_("This challenge has not opened yet: it opens on %(day)s.",
                            day=localtime.format_date(challenge.opens_at)))
    challenge.closes_at = now + REOPEN_FOR
    db.session.flush()
    return challenge


# -- accounts and roles -----------------------------------------------------------

def search_users(query, number):
    number = min(max(number, 1), MAX_PAGE)
    statement = select(User)
    query = clean_text(query or "")
    if query:
        needle = query.lower()
        statement = statement.where(or_(
            func.lower(User.email).contains(needle, autoescape=True),
            func.lower(User.display_name).contains(needle, autoescape=True),
        ))
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    rows = db.session.scalars(
        statement.order_by(User.email).offset((number - 1) * USERS_PER_PAGE)
        .limit(USERS_PER_PAGE + 1)
    ).all()
    return Page(items=rows[:USERS_PER_PAGE], number=number, per_page=USERS_PER_PAGE,
                has_next=len(rows) > USERS_PER_PAGE, total=total)


def _role(value):
    try:
        return Role(value)
    except ValueError:
        raise DomainError(_("“%(role)s” is not a role. Choose one of: %(roles)s.", role=value,
                            roles=", ".join(role.value for role in Role)), field="role") from None


def set_role(target, role):
    role = _role(role)
    if target.role == role.value:
        raise DomainError(_("%(name)s already has this role.", name=target.display_name),
                          field="role")
    if target.role == Role.ADMIN.value:
        # Lock the admins' rows so two operators cannot each remove the other last one.
        admins = db.session.scalars(
            select(User.id).where(User.role == Role.ADMIN.value, User.blocked_at.is_(None))
            .order_by(User.id).with_for_update()).all()
        if not set(admins) - {target.id}:
            raise DomainError(_("%(name)s is the only administrator. Make someone else an "
                                "administrator first.", name=target.display_name), field="role")
    target.role = role.value
    db.session.flush()
    return target


def change_role(actor, target, role):
    """An admin changes someone's role. Not their own downwards: then the site
    always keeps the admin who is making the change."""
    role = _role(role)
    if actor.id == target.id and role.rank < Role(actor.role).rank:
        raise DomainError(_("You cannot lower your own role. Ask another administrator."),
                          field="role")
    if not permissions.can_change_role(actor, target):
        raise DomainError(_("An administrator’s role cannot be changed here: no administrator "
                            "can demote or block another. Someone with access to the server "
                            "can, with “flask users set-role”."), field="role")
    return set_role(target, role)


def create_account(email, display_name, password, role=Role.RESIDENT.value):
    """A confirmed account, made by an operator (no confirmation email)."""
    email = normalise_email(email)
    try:
        email = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise DomainError(_("Enter an email address in the correct format, like "
                            "name@example.com"), field="email") from None
    if len(email) > EMAIL_MAX:
        raise DomainError(_("The email address must be %(max)d characters or fewer",
                            max=EMAIL_MAX), field="email")
    display_name = clean_name(display_name or "")
    if not display_name or len(display_name) > DISPLAY_NAME_MAX:
        raise DomainError(_("The name must be between 1 and %(max)d characters",
                            max=DISPLAY_NAME_MAX), field="display_name")
    problem = password_problem(password, (email, display_name))
    if problem:
        raise DomainError(str(problem), field="password")
    role = _role(role)
    taken = _("There is already an account with the email address %(email)s, or with one for "
              "the same mailbox (addresses that differ only by a +tag, or by dots in a Gmail "
              "address, are one mailbox).", email=email)
    if find_user_by_mailbox(email) is not None:
        raise DomainError(taken, field="email")
    if display_name_taken(display_name):
        raise name_taken_error()
    now = utcnow()
    user = User(email=email, display_name=display_name, password_hash=hash_password(password),
                role=role.value, created_at=now, confirmed_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError:
        if display_name_taken(display_name):
            raise name_taken_error() from None
        raise DomainError(taken, field="email") from None
    return user
