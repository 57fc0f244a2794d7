"""The browser tests' two kinds of help.

`Site` arranges rows in the server's database, through the same services the
routes call, so counters match the rows. The other functions are the steps
of a resident's journey, done in the browser as a person would: they find
fields by their labels and buttons by their names, so a page that loses a
label fails here as it would fail a screen reader user.
"""
import email
import email.policy
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from codesign import create_app
from codesign.auth.passwords import hash_password
from codesign.clock import utcnow
from codesign.comments.services import add_comment
from codesign.extensions import db
from codesign.formtext import name_key
from codesign.ideas.services import add_support, submit_idea
from codesign.models import Challenge, Role, ServiceArea, User

PASSWORD = "seven orange kites drift past the library"
AREAS = ("Libraries", "Parks and green spaces", "Waste and recycling")
OPEN_CHALLENGE = "How might we make libraries useful to people who work in the day?"
CLOSED_CHALLENGE = "How might we make parks feel safer after dark?"
MAIL_SECONDS = 10
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    email: str
    password: str = PASSWORD


class Site:
    """The server under test: its address (`url`) and its database."""

    def __init__(self, database_url):
        self.url = None
        self.app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database_url,
                               "MAIL_SERVER": None})
        self.counter = 0
        self.areas = {}
        self.open_challenge_id = None

    def close(self):
        with self.app.app_context():
            db.engine.dispose()

    def unique(self, stem):
        self.counter += 1
        return f"{stem}-{self.counter}"

    def seed(self):
        """What any council site has before residents arrive."""
        now = utcnow()
        with self.app.app_context():
            areas = [ServiceArea(name=name, description=f"All about {name.lower()}.")
                     for name in AREAS]
            db.session.add_all(areas)
            db.session.flush()
            opened = Challenge(question=OPEN_CHALLENGE, description="Most branches close at 5:30pm.",
                               service_area_id=areas[0].id, opens_at=now - timedelta(days=3),
                               closes_at=now + timedelta(days=30))
            closed = Challenge(question=CLOSED_CHALLENGE, description="Winter evenings start early.",
                               service_area_id=areas[1].id, opens_at=now - timedelta(days=60),
                               closes_at=now - timedelta(days=5))
            db.session.add_all([opened, closed])
            db.session.commit()
            self.areas = {area.name: area.id for area in areas}
            self.open_challenge_id = opened.id

    @contextmanager
    def session(self):
        """The server's database, for arranging rows through the services:
        committed at the end of the block."""
        with self.app.app_context():
            yield db.session
            db.session.commit()

    def user(self, name=None, role=Role.RESIDENT.value, days_old=0):
        """A person with a confirmed address, who signs in with PASSWORD. A
        moderator's, staff or admin role is set straight in the database, as
        `flask users set-role` would. `days_old` backdates the account (a
        report counts towards hiding only from an account a day old)."""
        stem = self.unique(role)
        name = name or stem.replace("-", " ").title()
        with self.app.app_context():
            # A display name is one account's: a journey run twice (with and
            # without JavaScript) gets "Bea Supporter 2" the second time.
            taken = set(db.session.scalars(select(User.display_name_key)))
            name = next(candidate for candidate in
                        (name if n == 1 else f"{name} {n}" for n in range(1, len(taken) + 2))
                        if name_key(candidate) not in taken)
            since = utcnow() - timedelta(days=days_old)
            user = User(email=f"{stem}@example.org", display_name=name, role=role,
                        password_hash=hash_password(PASSWORD), created_at=since,
                        confirmed_at=since)
            db.session.add(user)
            db.session.commit()
            return Person(user.id, user.display_name, user.email)

    def idea(self, author, title, description="It would help **everyone**.", area="Libraries",
             supporters=(), thread=()):
        """An idea, its supports, and comments: thread is [(person, body, replies)],
        where replies has the same shape."""
        with self.app.app_context():
            idea = submit_idea(db.session.get(User, author.id), title, description,
                               db.session.get(ServiceArea, self.areas[area]))
            for supporter in supporters:
                add_support(db.session.get(User, supporter.id), idea)
            self._comment(idea, thread)
            db.session.commit()
            return idea.id

    def _comment(self, idea, thread, parent=None):
        for person, body, replies in thread:
            comment = add_comment(db.session.get(User, person.id), idea, body, parent=parent)
            self._comment(idea, replies, parent=comment)


# -- mail ---------------------------------------------------------------------

def mail_to(sink, address, timeout=MAIL_SECONDS):
    """The newest message the SMTP sink has for this address, parsed."""
    deadline = time.monotonic() + timeout
    while True:
        for raw in reversed(sink.messages):
            message = email.message_from_string(raw, policy=email.policy.default)
            if address in str(message["To"]):
                return message
        if time.monotonic() > deadline:
            raise AssertionError(f"no email to {address} within {timeout}s")
        time.sleep(0.05)


def link_in(message):
    body = message.get_body(("plain",)).get_content()
    found = re.findall(r"https?://[^\s<>\"]+", body)
    assert found, f"no link in:\n{body}"
    return found[0]


# -- journey steps --------------------------------------------------------------

def submit(page, button):
    """Clicks a button that posts a form, and waits for the page it leads to."""
    with page.expect_navigation():
        button.click()


def follow(page, link):
    """Clicks a link and waits for the page it leads to: a bare click returns
    before the next page has loaded, so what follows could read the old one."""
    with page.expect_navigation():
        link.click()


def register(page, name, address, password=PASSWORD):
    page.goto("/auth/register")
    page.get_by_label("Email address").fill(address)
    page.get_by_label("Display name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Confirm password").fill(password)
    submit(page, page.get_by_role("button", name="Create account"))
    assert "/auth/check-email" in page.url, page.url


def sign_in(page, person_or_email, password=PASSWORD):
    address = getattr(person_or_email, "email", person_or_email)
    if "/auth/login" not in page.url:
        page.goto("/auth/login")
    page.get_by_label("Email address").fill(address)
    page.get_by_label("Password").fill(password)
    submit(page, page.get_by_role("button", name="Sign in"))
    assert page.get_by_text("You are signed in.").is_visible(), page.url


def propose_idea(page, title, description, area, challenge=None, place=None):
    """From any page: the navigation's link, the form, publish. Returns the idea's path."""
    follow(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Propose an idea"))
    page.get_by_label("Title").fill(title)
    page.get_by_label("Describe your idea").fill(description)
    page.get_by_label("Service area").select_option(label=area)
    if challenge:
        page.get_by_label("Challenge (optional)").select_option(label=challenge)
    if place:
        page.get_by_label("Neighbourhood or place (optional)").fill(place)
    submit(page, page.get_by_role("button", name="Publish idea"))
    assert page.get_by_text("Your idea is published.").is_visible(), page.url
    return idea_path(page)


def idea_path(page):
    match = re.search(r"/ideas/\d+", page.url)
    assert match, f"not on an idea page: {page.url}"
    return match.group(0)


def support_count(page):
    return int(page.locator("[data-support-count]").inner_text())


def post_comment(page, body):
    """Posts a comment on the idea page; returns its id (the page lands on its anchor)."""
    page.get_by_label("Your comment").fill(body)
    submit(page, page.get_by_role("button", name="Post comment"))
    return _posted_comment_id(page)


def reply_to(page, comment_id, author_name, body):
    """Opens the reply form under a comment, and posts; returns the reply's id."""
    comment = page.locator(f"#comment-{comment_id}")
    comment.locator("summary").first.click()
    comment.get_by_label(f"Your reply to {author_name}").fill(body)
    submit(page, comment.get_by_role("button", name="Post reply").first)
    return _posted_comment_id(page)


def _posted_comment_id(page):
    assert page.get_by_text("Your comment is posted.").is_visible(), page.url
    match = re.search(r"#comment-(\d+)$", page.url)
    assert match, f"not sent to the new comment: {page.url}"
    return int(match.group(1))


# -- accessibility ----------------------------------------------------------------

def run_axe(page, axe_script):
    """axe-core's violations of WCAG 2.0, 2.1 and 2.2 A and AA on the page as it is."""
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return result["violations"]


def in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


SCREENSHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 320, "height": 640}


def audit(page, axe_script, name):
    """The page as it is, at its desktop width and then 320 CSS pixels wide
    (a phone, or 400% zoom): axe-core's violations at each width, and at 320
    anything that would need scrolling sideways (WCAG 1.4.10). Screenshots of
    both widths go to tests/browser/screenshots/, for a reviewer (under CI,
    only where axe found something).
    Returns a list of problems, empty when there are none."""
    SCREENSHOTS.mkdir(exist_ok=True)
    problems = []
    width = page.viewport_size["width"]
    for viewport in (page.viewport_size, PHONE):
        page.set_viewport_size(viewport)
        violations = run_axe(page, axe_script)
        # CI throws its working copy away: it keeps only the pages with problems.
        if violations or not in_ci():
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{viewport['width']}.png"),
                            full_page=True)
        if violations:
            problems.append(f"axe at {viewport['width']} px on {page.url}:\n{describe(violations)}")
    if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(element => element.getBoundingClientRect().right > 320.5)
            .map(element => element.outerHTML.slice(0, 80))""")
        problems.append(f"scrolls sideways at 320 px on {page.url}:\n" + "\n".join(wide[:10]))
    page.set_viewport_size({"width": width, "height": 720})
    return problems


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines += [f"    {' '.join(map(str, node['target']))}" for node in violation["nodes"]]
    return "\n".join(lines)


def audit_in_welsh(page, axe_script, name):
    """The page just audited, fetched again in Welsh (the language cookie):
    audit()'s problems there, and a problem if it is not served in Welsh. A
    page that showed a form's errors comes back as its blank form, since the
    errors came from a POST (a GET form's errors, a 422, are shown again)."""
    page.context.add_cookies([{"name": "language", "value": "cy", "url": page.url}])
    response = page.goto(page.url)
    if response is None or response.status not in (200, 422):
        return [f"{page.url} answered {response and response.status} in Welsh"]
    if page.locator("html").get_attribute("lang") != "cy":
        return [f"{page.url} is not in Welsh"]
    return audit(page, axe_script, f"{name}-cy")
