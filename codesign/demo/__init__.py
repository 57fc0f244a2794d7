"""Demo content for trying Codesign on your own machine: `flask --app codesign demo`.

residents.py writes what residents did (areas, challenges, people,
ideas, supports, comments), then staff.py what moderators and staff
did with it (reports, hiding, an appeal, answers, a merged duplicate, two
proposals). Everything goes through the services, so every counter is
exactly what the rows say; only the timestamps are moved afterwards, to
spread the activity over the last two months. The content is the same on
every run (random.Random(42); the words are in content.py and
staff_content.py); the dates are relative to now.

The demo sign-ins are constants on purpose: they are development data,
printed on every run, and the command refuses to run in production unless
forced.

What the command prints (the sign-in table, the counts, its refusals) goes
through Flask-Babel, so `flask --app codesign demo --language cy` prints it
in Welsh (codesign/cli.py picks the language). The content itself is the
same whatever the language: it has Welsh ideas and comments of its own.
"""
import random

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, inspect, select

from ..clock import utcnow
from ..extensions import db
from ..models import (
    AssistedEntry,
    AssistedReachAnswer,
    Challenge,
    Comment,
    Follow,
    Idea,
    IdeaStatusChange,
    ModerationAction,
    Notification,
    ParticipationDay,
    Pilot,
    Proposal,
    ReachAnswer,
    Report,
    Role,
    ServiceArea,
    Support,
    User,
)
from .assisted import add_demo_assisted
from .partners import add_demo_partners
from .pilots import add_demo_pilots
from .practices import add_demo_practices
from .reach import add_demo_reach
from .residents import ResidentsBuilder
from .staff import StaffWork

SITE_URL = "http://127.0.0.1:5000"
RESIDENT_EMAIL = "resident@example.org"
RESIDENT_PASSWORD = "demo-resident-pass"
MODERATOR_EMAIL = "moderator@example.org"
MODERATOR_PASSWORD = "demo-moderator-pass"
STAFF_EMAIL = "staff@example.org"
STAFF_PASSWORD = "demo-staff-pass"
CONNECTOR_EMAIL = "connector@example.org"
CONNECTOR_PASSWORD = "demo-connector-pass"
ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD = "demo-admin-pass"

# (label, email, password, name, role, what they can do), in rank order.
ACCOUNTS = [
    (_l("Resident"), RESIDENT_EMAIL, RESIDENT_PASSWORD, "Sam Taylor", Role.RESIDENT,
     _l("propose, support, comment, follow and report; has notifications waiting")),
    (_l("Connector"), CONNECTOR_EMAIL, CONNECTOR_PASSWORD, "Morgan Hughes (library connector)",
     Role.CONNECTOR,
     _l("all that, plus entering ideas, comments and supports for residents who are not "
        "online (/assist), with a printable slip and a reference number for each")),
    (_l("Moderator"), MODERATOR_EMAIL, MODERATOR_PASSWORD, "Priya Shah (moderator)",
     Role.MODERATOR,
     _l("all that, plus the moderation queue and log (/moderation): reports, hidden "
        "comments, an appeal to decide, blocking, and every entry made for residents "
        "(/moderation/assisted)")),
    (_l("Staff"), STAFF_EMAIL, STAFF_PASSWORD, "Jo Bennett (council staff)", Role.STAFF,
     _l("all that, plus answering ideas, merging duplicates, proposals and exports (/staff)")),
    (_l("Admin"), ADMIN_EMAIL, ADMIN_PASSWORD, "Chris Lee (administrator)", Role.ADMIN,
     _l("all that, plus service areas, challenges and people's roles (/admin)")),
]

# What _counts() counts, as the summary line names it.
COUNT_NAMES = {
    "service areas": _l("service areas"),
    "open challenges": _l("open challenges"),
    "closed challenges": _l("closed challenges"),
    "accounts": _l("accounts"),
    "ideas": _l("ideas"),
    "supports": _l("supports"),
    "comments": _l("comments"),
    "staff responses": _l("staff responses"),
    "proposals": _l("proposals"),
    "pilots": _l("pilots"),
    "reports": _l("reports"),
    "moderation log entries": _l("moderation log entries"),
    "follows": _l("follows"),
    "notifications": _l("notifications"),
    "answers about people": _l("answers about people"),
    "answers about residents helped in person": _l("answers about residents helped in person"),
    "entries for residents": _l("entries for residents"),
}


class DemoRefused(RuntimeError):
    """Demo data would be written somewhere it should not be."""


def load_demo(reset=False, echo=print, force=False):
    """Write the demo content into the current session (the caller commits).

    Returns a dict of counts, or None if demo data was already there."""
    if current_app.config["ENV_NAME"] == "production" and not force:
        raise DemoRefused(_(
            "This is the production configuration (CODESIGN_ENV=production): the demo "
            "would add made-up people and ideas with published passwords. "
            "Use --force if you really mean it."))
    if not inspect(db.engine).has_table(Idea.__tablename__):
        raise DemoRefused(_("The database has no tables yet: run "
                            "`flask --app codesign db upgrade` first."))
    if reset:
        _empty_tables()
        echo(_("Emptied every table."))
    elif db.session.scalar(select(func.count()).select_from(Idea)):
        echo(_("There are ideas in the database already, so no demo data was added "
               "(use --reset to empty it and start again)."))
        if _demo_accounts_exist():
            echo(_sign_in_block())
        return None

    residents = ResidentsBuilder(random.Random(42), utcnow(), ACCOUNTS).build()
    StaffWork(residents).run()
    add_demo_pilots(residents)
    add_demo_partners(RESIDENT_EMAIL)
    add_demo_practices(utcnow())
    add_demo_reach(random.Random(14), utcnow())
    add_demo_assisted(residents.accounts[Role.CONNECTOR])
    counts = _counts()
    figures = [_("%(what)s: %(count)d", what=COUNT_NAMES[what], count=n)
               for what, n in counts.items()]
    echo(_("Demo data loaded: %(counts)s.", counts=", ".join(figures)))
    echo(_sign_in_block())
    return counts


def _empty_tables():
    db.session.flush()
    for table in reversed(db.metadata.sorted_tables):
        # The days' numbers only go up (migration 0027): emptied, a day whose
        # rows were written on it would be back to the no-number its counts
        # were kept under in a running worker, and show the rows deleted here.
        if table is not ParticipationDay.__table__:
            db.session.execute(table.delete())
    db.session.expunge_all()


def _demo_accounts_exist():
    emails = [email for _label, email, *_rest in ACCOUNTS]
    found = db.session.scalar(
        select(func.count()).select_from(User).where(User.email.in_(emails))
    )
    return found == len(emails)


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _counts():
    """What is in the database now, counted from the rows."""
    now = utcnow()
    return {
        "service areas": _count(ServiceArea),
        "open challenges": _count(Challenge, Challenge.closes_at > now),
        "closed challenges": _count(Challenge, Challenge.closes_at <= now),
        "accounts": _count(User),
        "ideas": _count(Idea),
        "supports": _count(Support),
        "comments": _count(Comment),
        "staff responses": _count(IdeaStatusChange),
        "proposals": _count(Proposal),
        "pilots": _count(Pilot),
        "reports": _count(Report),
        "moderation log entries": _count(ModerationAction),
        "follows": _count(Follow),
        "notifications": _count(Notification),
        "answers about people": _count(ReachAnswer),
        "answers about residents helped in person": _count(AssistedReachAnswer),
        "entries for residents": _count(AssistedEntry),
    }


def _sign_in_block():
    labels = [f"{label}:" for label, *_rest in ACCOUNTS] + [_("Site:")]
    width = max(len(label) for label in labels) + 1
    lines = ["", "  " + f"{_('Site:'):<{width}}" + " " + _(
        "%(url)s   (start it with: flask --app codesign run)", url=SITE_URL), ""]
    for label, email, password, _name, _role, can in ACCOUNTS:
        lines.append(f"  {str(label) + ':':<{width}} {email} / {password}")
        lines.append(f"  {'':<{width}} {can}")
    lines += ["", "  " + _("These demo accounts are for trying Codesign on your own "
                           "machine only.")]
    return "\n".join(lines)
