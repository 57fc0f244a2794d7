"""Residents' journeys through the real site, with JavaScript on and off:
register and confirm by email, propose an idea, support it, comment, reply.
The journeys through reporting, moderation, promotion and notifications are
in test_staff_journeys.py, built from the same steps in helpers.py."""
import re

import pytest

from .helpers import (
    OPEN_CHALLENGE,
    link_in,
    mail_to,
    post_comment,
    propose_idea,
    register,
    reply_to,
    sign_in,
    submit,
    support_count,
)

pytestmark = pytest.mark.browser

JAVASCRIPT = [pytest.param(True, id="js"), pytest.param(False, id="no-js")]


@pytest.mark.parametrize("javascript", JAVASCRIPT)
def test_register_propose_support_comment_and_reply(open_page, live_server, smtp_sink, javascript):
    # A resident registers and confirms through the link emailed to them.
    author = open_page(java_script_enabled=javascript)
    address = f"{live_server.unique('ada')}@example.org"
    # A display name is one account's: each run registers its own.
    name = f"Ada Lovelace ({'with' if javascript else 'without'} JavaScript)"
    register(author, name, address)
    assert author.get_by_role("heading", name="Check your email").is_visible()
    assert author.get_by_text(f"We have sent an email to {address}").is_visible()

    message = mail_to(smtp_sink, address)
    assert "Confirm your email address" in message["Subject"]
    author.goto(link_in(message))
    # The link came to their inbox: it signs them in too.
    assert author.get_by_text("Your email address is confirmed and you are signed in.").is_visible()
    assert author.get_by_text(f"Signed in as {name}").is_visible()

    # ... and proposes an idea answering the open challenge.
    title = f"Open the library until 9pm ({'with' if javascript else 'without'} JavaScript)"
    path = propose_idea(author, title, "People who work **all day** could use it too.",
                        area="Libraries", challenge=OPEN_CHALLENGE, place="Central library")
    assert author.get_by_role("heading", level=1).inner_text() == title
    assert author.get_by_text("People who work all day could use it too.").is_visible()
    assert author.locator("strong", has_text="all day").count() == 1
    assert support_count(author) == 0

    # A second resident supports it and comments.
    bea = live_server.user("Bea Supporter")
    supporter = open_page(java_script_enabled=javascript)
    sign_in(supporter, bea)
    supporter.goto(path)
    assert support_count(supporter) == 0
    if javascript:
        _support_in_place(supporter)
    else:
        _support_with_a_reload(supporter)
    assert supporter.get_by_role("button", name="Remove my support").is_visible()
    comment_id = post_comment(supporter, "Yes please, *Thursdays* at least.")
    assert support_count(supporter) == 1
    assert supporter.get_by_role("heading", name="1 comment").is_visible()

    # A third resident replies to that comment.
    cal = live_server.user("Cal Replier")
    replier = open_page(java_script_enabled=javascript)
    sign_in(replier, cal)
    replier.goto(path)
    reply_id = reply_to(replier, comment_id, bea.name, "And Saturdays, for families.")
    replies = replier.locator(f"#comment-{comment_id} .app-comments")
    assert replies.locator(f"#comment-{reply_id}").get_by_text("And Saturdays, for families.").is_visible()
    assert replies.locator(f"#comment-{reply_id}").get_by_text(cal.name, exact=True).is_visible()
    assert replier.get_by_role("heading", name="2 comments").is_visible()

    # The author sees all of it on their idea.
    author.goto(path)
    assert support_count(author) == 1
    assert author.get_by_text("Thursdays").is_visible()
    assert author.get_by_text("And Saturdays, for families.").is_visible()


def _support_in_place(page):
    """The count changes without leaving the page: same URL, same window."""
    url = page.url
    page.evaluate("window.journeyMarker = 'still here'")
    # A live region before the change, so screen readers announce the change.
    assert page.locator("[data-support-status]").get_attribute("role") == "status"
    page.get_by_role("button", name="Support this idea").click()
    page.get_by_role("button", name="Remove my support").wait_for()
    assert support_count(page) == 1
    assert page.url == url
    assert page.evaluate("window.journeyMarker") == "still here"
    assert page.get_by_role("status").filter(has_text="You support this idea.").is_visible()
    # Taken back and given again, still in place.
    page.get_by_role("button", name="Remove my support").click()
    page.get_by_role("button", name="Support this idea").wait_for()
    assert support_count(page) == 0
    page.get_by_role("button", name="Support this idea").click()
    page.get_by_role("button", name="Remove my support").wait_for()
    assert support_count(page) == 1
    assert page.evaluate("window.journeyMarker") == "still here"


def _support_with_a_reload(page):
    """Without JavaScript the form posts, and the page comes back with the count."""
    submit(page, page.get_by_role("button", name="Support this idea"))
    assert re.search(r"/ideas/\d+#support$", page.url), page.url
    assert page.get_by_text("You support this idea.").first.is_visible()
    assert support_count(page) == 1


# One string of each kind from the list: markup and script, event handlers,
# both quotes, right-to-left text, emoji, piled-up combining marks, and
# template or format syntax.
HOSTILE_KINDS = [
    lambda s: "<script" in s.lower(),
    lambda s: "onerror" in s.lower() or "javascript:" in s.lower(),
    lambda s: "'" in s and '"' in s,
    lambda s: re.search("[\u0590-\u08ff]", s),
    lambda s: re.search("[\U0001f300-\U0001faff]", s),
    lambda s: re.search("[\u0300-\u036f]{3,}", s),
    lambda s: "{{" in s or "${" in s or "%s" in s,
]


def test_typed_text_shows_as_typed(naughty_strings, page, live_server):
    """Hostile strings from the Big List of Naughty Strings, typed as idea
    titles, come back as the same text: no markup, no script, no error page."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, live_server.user())
    picked = _hostile_titles(naughty_strings)
    assert len(picked) == len(HOSTILE_KINDS)
    for title in picked:
        propose_idea(page, title, "Typed by a hostile resident.", area="Waste and recycling")
        assert page.locator("h1").inner_text() == title
    assert not dialogs, f"a typed string ran script: {dialogs}"


def _hostile_titles(strings):
    """The first string of each kind that the form keeps as it is: short
    enough, no NUL and no space around or doubled (the form drops those)."""
    usable = [s for s in strings
              if s and len(s) <= 140 and "\x00" not in s and s == " ".join(s.split())]
    picked = []
    for kind in HOSTILE_KINDS:
        picked += [s for s in usable if kind(s) and s not in picked][:1]
    return picked
