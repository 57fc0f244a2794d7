"""axe-core on the pages of notifications, moderation, proposals, staff and
administration, each with something in it, against WCAG 2.0, 2.1 and 2.2 A
and AA: none may have a violation. Forms are checked empty and with errors.
test_a11y.py does the residents' pages the same way."""
from datetime import date, timedelta

import pytest

from codesign.clock import utcnow
from codesign.comments.services import add_comment
from codesign.ideas.services import add_support, submit_idea
from codesign.models import ReportReason, Role, ServiceArea, User
from codesign.moderation import appeal_services, report_services
from codesign.moderation import services as moderation
from codesign.proposals.services import promote_idea
from codesign.staff import services as staff_services

from .helpers import audit, sign_in, submit

pytestmark = pytest.mark.browser

ROLES = ("resident", "appellant", "moderator", "staff", "admin")


@pytest.fixture(scope="module")
def content(live_server):
    """Something on every page: notifications for a resident, a queue with a
    reported idea, a comment hidden by reports, a reported person and an
    appeal; a proposal with a discussion; ideas waiting for staff."""
    site = live_server
    people = {
        "resident": site.user("Nia Notified"),
        "appellant": site.user("Abe Appellant"),
        "moderator": site.user("Mina Moderator", role=Role.MODERATOR.value),
        "other_moderator": site.user("Ola Moderator", role=Role.MODERATOR.value),
        "staff": site.user("Stu Staff", role=Role.STAFF.value),
        "admin": site.user("Ada Admin", role=Role.ADMIN.value),
    }
    authors = [site.user(name) for name in ("Pat Poster", "Quin Quick", "Ray Rude")]
    reporters = [site.user(f"Reporter {n}") for n in range(3)]
    with site.session() as session:
        get = {key: session.get(User, person.id) for key, person in people.items()}.get
        author, quick, rude = (session.get(User, person.id) for person in authors)
        area = session.get(ServiceArea, site.areas["Libraries"])
        promoted = submit_idea(author, "Large-print books in every branch", "For **everyone**.", area)
        waiting = submit_idea(quick, "A book drop at the station", "Return books on the way.", area)
        advert = submit_idea(rude, "Buy cheap watches", "Visit my shop.", area)
        appealed = submit_idea(get("appellant"), "Quiet hours", "No phones after 6pm.", area)
        for idea in (promoted, waiting):
            add_support(get("resident"), idea)
        # Reporters whose reports hide by themselves: confirmed days ago, and taking part.
        for reporter in reporters:
            trusted = session.get(User, reporter.id)
            trusted.created_at = trusted.confirmed_at = utcnow() - timedelta(days=3)
            add_support(trusted, promoted)
        waiting.ready_for_review_at = utcnow() - timedelta(days=45)
        staff_services.change_status(waiting, "under_review", "We are *looking* at it.",
                                     get("staff"))
        proposal = promote_idea(get("staff"), promoted, {
            "title": "Large-print collections", "problem": "Few large-print books.",
            "proposed_change": "A shelf in each branch.", "expected_benefits": "More readers.",
            "who_it_affects": "Older residents.", "cost_band": "under_10k", "service_area": area,
            "responsible_team": "Library services", "decision_due": date.today() + timedelta(days=90),
        }, "Thank you: this is now a proposal.")
        first = add_comment(get("resident"), proposal, "Yes, *please*.")
        second = add_comment(author, proposal, "Who chooses the books?", parent=first)
        add_comment(get("staff"), proposal, "Librarians, with you.", parent=second)
        report_services.report(get("resident"), advert, ReportReason.SPAM.value, "An advert.")
        rude_comment = add_comment(rude, waiting, "Stupid idea.")
        for reporter in reporters:
            report_services.report(session.get(User, reporter.id), rude_comment,
                                   ReportReason.OFFENSIVE.value, "", 3)
        report_services.report(get("resident"), rude, ReportReason.SPAM.value, "Posts adverts.")
        moderation.hide_item(get("other_moderator"), appealed, ReportReason.OFF_TOPIC.value,
                             "Not about a public service.")
        appeal_services.submit_appeal(get("appellant"), appealed, "It is about the library.")
        ids = {"promoted": promoted.id, "waiting": waiting.id, "appealed": appealed.id,
               "proposal": proposal.id, "rude": rude.id}
    return {"people": people, **ids}


@pytest.fixture(scope="module")
def cookies(chromium, live_server, content):
    """Each role signs in once; its pages reuse the cookies."""
    states = {}
    for role in ROLES:
        context = chromium.new_context(base_url=live_server.url)
        try:
            sign_in(context.new_page(), content["people"][role])
            states[role] = context.storage_state()
        finally:
            context.close()
    return states


def seen_by(role):
    def mark(visit):
        visit.role = role
        return visit
    return mark


@seen_by("resident")
def notifications(page, content):
    page.goto("/notifications")
    assert page.get_by_text("Unread").count() >= 2


@seen_by("resident")
def notification_settings(page, content):
    page.goto("/notifications/settings")


@seen_by("resident")
def proposals(page, content):
    page.goto("/proposals")


@seen_by("resident")
def proposal_with_comments(page, content):
    page.goto(f"/proposals/{content['proposal']}")
    for summary in page.locator("details summary").all():
        summary.click()
    assert page.get_by_text("Librarians, with you.").is_visible()


@seen_by("resident")
def report_with_errors(page, content):
    page.goto(f"/ideas/{content['promoted']}/report")
    submit(page, page.get_by_role("button", name="Send report"))
    assert page.title().startswith("Error: ")


@seen_by("appellant")
def appeal(page, content):
    page.goto(f"/moderation/ideas/{content['appealed']}/appeal")


@seen_by("moderator")
def moderation_queue(page, content):
    page.goto("/moderation")
    for summary in page.locator("details summary").all():
        summary.click()
    assert page.get_by_text("Hidden, awaiting review").is_visible()
    assert page.get_by_role("button", name="Decide").is_visible()


@seen_by("moderator")
def moderation_log(page, content):
    page.goto("/moderation/log")


@seen_by("moderator")
def moderation_new_accounts(page, content):
    page.goto("/moderation/new-accounts")
    for summary in page.locator("details summary").all():
        summary.click()
    assert page.get_by_role("row", name="Nia Notified").is_visible()


@seen_by("moderator")
def idea_seen_by_a_moderator(page, content):
    page.goto(f"/ideas/{content['waiting']}")
    for summary in page.locator("details summary").all():
        summary.click()


@seen_by("staff")
def staff_dashboard(page, content):
    page.goto("/staff")
    assert page.get_by_text("A book drop at the station").is_visible()


@seen_by("staff")
def idea_seen_by_staff(page, content):
    page.goto(f"/ideas/{content['waiting']}")
    assert page.get_by_role("heading", name="Staff tools").is_visible()


@seen_by("staff")
def status_with_errors(page, content):
    page.goto(f"/ideas/{content['waiting']}")
    submit(page, page.get_by_role("button", name="Change status"))
    assert page.title().startswith("Error: ")


@seen_by("staff")
def merge_with_errors(page, content):
    page.goto(f"/ideas/{content['waiting']}")
    page.get_by_label("Duplicate of idea number").fill("not a number")
    submit(page, page.get_by_role("button", name="Mark as duplicate"))
    assert page.title().startswith("Error: ")


@seen_by("staff")
def promote_with_errors(page, content):
    page.goto(f"/ideas/{content['waiting']}/promote")
    page.get_by_label("Title").fill("")
    submit(page, page.get_by_role("button", name="Create the proposal"))
    assert page.title().startswith("Error: ")


@seen_by("staff")
def proposal_seen_by_staff(page, content):
    page.goto(f"/proposals/{content['proposal']}")
    assert page.get_by_role("heading", name="Staff tools").is_visible()


@seen_by("staff")
def proposal_status_with_errors(page, content):
    page.goto(f"/proposals/{content['proposal']}")
    submit(page, page.get_by_role("button", name="Change status"))
    assert page.title().startswith("Error: ")


@seen_by("admin")
def admin(page, content):
    page.goto("/admin")


@seen_by("admin")
def admin_areas(page, content):
    page.goto("/admin/areas")


@seen_by("admin")
def admin_challenges(page, content):
    page.goto("/admin/challenges")


@seen_by("admin")
def admin_users(page, content):
    page.goto("/admin/users")


@seen_by("admin")
def admin_user(page, content):
    page.goto(f"/admin/users/{content['rude']}")


@seen_by("admin")
def new_challenge_with_errors(page, content):
    page.goto("/admin/challenges/new")
    page.get_by_label("Closes on").fill("2020-01-01")
    submit(page, page.get_by_role("button", name="Save challenge"))
    assert page.title().startswith("Error: ")


PAGES = [notifications, notification_settings, proposals, proposal_with_comments,
         report_with_errors, appeal, moderation_queue, moderation_log, moderation_new_accounts,
         idea_seen_by_a_moderator,
         staff_dashboard, idea_seen_by_staff, status_with_errors, merge_with_errors,
         promote_with_errors, proposal_seen_by_staff, proposal_status_with_errors, admin,
         admin_areas, admin_challenges, admin_users, admin_user, new_challenge_with_errors]


@pytest.mark.parametrize("visit", PAGES, ids=[visit.__name__ for visit in PAGES])
def test_staff_page_has_no_wcag_violations(axe_script, open_page, cookies, content, visit):
    # bypass_csp: the site's CSP rightly blocks the injected axe-core script.
    page = open_page(bypass_csp=True, storage_state=cookies[visit.role])
    visit(page, content)
    problems = audit(page, axe_script, f"staff-{visit.__name__}")
    assert not problems, "\n".join(problems)
