"""Journeys through the staff features, with JavaScript on and off, using the
real pages as residents, moderators and staff would:

- three residents report a comment, it is hidden (a placeholder, one comment
  fewer in the count) until a moderator restores it from the queue;
- staff promote an idea to a proposal through the promote form, and a
  resident who supported the idea finds the news in their notifications,
  with the unread count in the header.

Residents, moderators and staff are arranged through the services (roles
set in the database, as `flask users set-role` would); everything they do
here is done in the browser."""
from datetime import date, timedelta

import pytest

from codesign.models import Role

from .helpers import follow, sign_in, submit, support_count

pytestmark = pytest.mark.browser

JAVASCRIPT = [pytest.param(True, id="js"), pytest.param(False, id="no-js")]


@pytest.mark.parametrize("javascript", JAVASCRIPT)
def test_three_reports_hide_a_comment_until_a_moderator_restores_it(
        open_page, live_server, javascript):
    author, rude, fine = (live_server.user(name) for name in
                          ("Omar Author", "Rex Rude", "Fay Fine"))
    # Reports hide a comment by themselves only from accounts that have earned
    # trust: confirmed for a day and taking part (here, supporting the idea).
    reporters = [live_server.user(f"Reporter {number}", days_old=3) for number in range(1, 4)]
    idea = live_server.idea(author, f"Water fountains in parks ({javascript=})",
                            area="Parks and green spaces", supporters=reporters,
                            thread=[(rude, "You are all idiots.", []),
                                    (fine, "Yes, near the playgrounds.", [])])
    path = f"/ideas/{idea}"

    for person in reporters:
        reporter = open_page(java_script_enabled=javascript)
        sign_in(reporter, person)
        reporter.goto(path)
        assert reporter.get_by_role("heading", name="2 comments").is_visible()
        comment = reporter.locator("li.app-comment", has_text="You are all idiots.")
        follow(reporter, comment.get_by_role("link", name="Report this comment"))
        reporter.get_by_label("Offensive, abusive or hateful").check()
        reporter.get_by_label("Anything a moderator should know (optional)").fill("Name-calling.")
        submit(reporter, reporter.get_by_role("button", name="Send report"))
        assert reporter.get_by_text("Thank you. A moderator will look at your report.").is_visible()

    # The third report hid it: the reporter is back on the idea, on the page
    # of comments that held it, where a placeholder stands in its place and
    # the count has dropped.
    assert reporter.url.split("?")[0].split("#")[0].endswith(path)
    assert "#comment-" in reporter.url
    assert reporter.get_by_text("You are all idiots.").count() == 0
    assert reporter.get_by_text("Comment hidden by a moderator").is_visible()
    assert reporter.get_by_role("heading", name="1 comment", exact=True).is_visible()
    assert reporter.get_by_text("Yes, near the playgrounds.").is_visible()

    # A moderator finds it in the queue, waiting for review, and restores it.
    moderator = open_page(java_script_enabled=javascript)
    sign_in(moderator, live_server.user("Maya Moderator", role=Role.MODERATOR.value))
    follow(moderator, moderator.get_by_role("navigation", name="Main").get_by_role("link", name="Moderation"))
    assert moderator.get_by_role("heading", name="Moderation queue").is_visible()
    entry = moderator.locator("li.app-card", has_text="You are all idiots.")
    assert entry.get_by_text("3 open reports").is_visible()
    assert entry.get_by_text("Hidden, awaiting review").is_visible()
    submit(moderator, entry.get_by_role("button", name="Restore", exact=True))
    assert moderator.get_by_text("It is shown again.").is_visible()
    assert moderator.locator("li.app-card", has_text="You are all idiots.").count() == 0

    # Residents see it again, and it counts again.
    reporter.goto(path)
    assert reporter.get_by_text("You are all idiots.").is_visible()
    assert reporter.get_by_text("Comment hidden by a moderator").count() == 0
    assert reporter.get_by_role("heading", name="2 comments").is_visible()


@pytest.mark.parametrize("javascript", JAVASCRIPT)
def test_staff_promote_an_idea_and_its_supporter_is_told(open_page, live_server, javascript):
    title = f"Late opening on Thursdays ({javascript=})"
    path = f"/ideas/{live_server.idea(live_server.user('Ida Author'), title)}"

    # A resident supports the idea.
    supporter = open_page(java_script_enabled=javascript)
    sign_in(supporter, live_server.user("Sol Supporter"))
    supporter.goto(path)
    with supporter.expect_response(lambda response: "/support" in response.url):
        supporter.get_by_role("button", name="Support this idea").click()
    supporter.get_by_role("button", name="Remove my support").wait_for()
    supporter.goto(path)
    assert support_count(supporter) == 1
    header = supporter.get_by_role("navigation", name="Main")
    assert header.get_by_role("link", name="Notifications", exact=True).is_visible()

    # Staff promote it through the form on the idea's page.
    staff = open_page(java_script_enabled=javascript)
    sign_in(staff, live_server.user("Sam Staff", role=Role.STAFF.value))
    staff.goto(path)
    follow(staff, staff.get_by_role("link", name="Promote to a proposal"))
    assert staff.get_by_role("heading", name="Promote an idea to a proposal").is_visible()
    assert staff.get_by_label("Title").input_value() == title
    proposal_title = f"Libraries open until 8pm on Thursdays ({javascript=})"
    staff.get_by_label("Title").fill(proposal_title)
    staff.get_by_label("Problem statement").fill("Branches close before people get home.")
    staff.get_by_label("Proposed change").fill("Open **until 8pm** on Thursdays.")
    staff.get_by_label("Expected benefits").fill("More visits from people who work.")
    staff.get_by_label("Who it affects").fill("Residents who work days; library staff.")
    staff.get_by_label("Estimated cost").select_option(label="£10,000 to £50,000")
    staff.get_by_label("Responsible team").fill("Library services")
    staff.get_by_label("Decision due by").fill((date.today() + timedelta(days=60)).isoformat())
    staff.get_by_label("Message to residents").fill("Thank you: we are taking this forward.")
    assert staff.get_by_label("Publish for feedback now").is_checked()
    submit(staff, staff.get_by_role("button", name="Create the proposal"))
    assert staff.get_by_text("The proposal is created").is_visible()
    assert staff.get_by_role("heading", level=1).inner_text() == proposal_title
    assert staff.get_by_text("Open for feedback").first.is_visible()

    # The supporter sees the unread count in the header, and the news.
    supporter.goto("/")
    badge = header.get_by_role("link", name="Notifications (1 unread)")
    assert badge.is_visible()
    follow(supporter, badge)
    news = supporter.locator("li.app-card", has_text=proposal_title)
    assert news.get_by_text(f"The idea ‘{title}’ that you follow became the proposal "
                            f"‘{proposal_title}’").is_visible()
    assert news.get_by_text("Thank you: we are taking this forward.").is_visible()
    assert news.get_by_text("Unread").is_visible()
    submit(supporter, news.get_by_role("button", name=proposal_title, exact=False))
    assert supporter.get_by_role("heading", level=1).inner_text() == proposal_title
    assert header.get_by_role("link", name="Notifications", exact=True).is_visible()
