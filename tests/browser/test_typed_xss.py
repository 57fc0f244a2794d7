"""A few XSS vectors typed through each real form, as people would: a display
name at registration, an idea's title, description and place, a comment and
a reply, a challenge's question, a moderator's note, a staff response and a
proposal's fields. Each comes back as the text typed, and nothing runs on
any page the journey passes through (watch.py says what counts as running).
test_xss.py puts the whole corpus in the database instead."""
from datetime import date, timedelta

import pytest
from xss_vectors import TYPED

from codesign.models import Role

from .helpers import follow, link_in, mail_to, post_comment, propose_idea, register, reply_to, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def people(corpus_server):
    return {role: corpus_server.user(f"Tess {role.title()}", role=role)
            for role in (Role.RESIDENT.value, Role.MODERATOR.value, Role.STAFF.value,
                         Role.ADMIN.value)}


def test_vectors_typed_into_every_form_show_as_typed(watched, corpus_server, smtp_sink, people):
    resident, moderator, staff, admin = (
        watched(people[role]) for role in ("resident", "moderator", "staff", "admin"))
    newcomers = []
    for vector in TYPED:
        newcomers.append(_register(watched(), corpus_server, smtp_sink, vector))
        idea, comment = _propose_and_discuss(resident, vector)
        _add_challenge(admin, vector)
        _hide_with_a_note(moderator, resident, idea, comment, vector)
        _respond_and_promote(staff, idea, vector)
        resident.page.goto("/notifications")
        resident.check(resident.page)
        assert resident.page.get_by_text(vector[:140], exact=False).count() > 0
    for watch in (resident, moderator, staff, admin, *newcomers):
        watch.assert_nothing_ran(1)


def _register(watch, site, smtp_sink, vector):
    page = watch.page
    name = vector[:60]
    address = f"{site.unique('typist')}@example.org"
    register(page, name, address)
    page.goto(link_in(mail_to(smtp_sink, address)))  # confirms, and signs them in
    watch.check(page)
    assert page.locator(".app-signed-in").inner_text() == f"Signed in as {name}"
    return watch


def _propose_and_discuss(watch, vector):
    page = watch.page
    path = propose_idea(page, vector[:140], vector, area="Libraries", place=vector[:120])
    watch.check(page)
    assert page.locator("h1").inner_text() == vector[:140]
    comment = post_comment(page, vector)
    watch.check(page)
    reply_to(page, comment, "Tess Resident", vector)
    watch.check(page)
    return path, comment


def _add_challenge(watch, vector):
    page = watch.page
    page.goto("/admin/challenges/new")
    page.get_by_label("Question").fill(vector[:200])
    page.get_by_label("Description (optional)").fill(vector)
    page.get_by_label("Service area").select_option(label="Libraries")
    page.get_by_label("Opens on").fill(date.today().isoformat())
    page.get_by_label("Closes on").fill((date.today() + timedelta(days=30)).isoformat())
    submit(page, page.get_by_role("button", name="Save challenge"))
    watch.check(page)
    assert page.get_by_role("rowheader", name=vector[:200], exact=True).count() == 1
    page.goto("/ideas/new")
    watch.check(page)


def _hide_with_a_note(watch, author, idea, comment_id, vector):
    page = watch.page
    page.goto(idea)
    comment = page.locator(f"#comment-{comment_id}")
    comment.locator("summary", has_text="Hide this").first.click()
    comment.get_by_label("Reason").first.select_option(label="Something else")
    comment.get_by_label("Note to the author (optional)").first.fill(vector)
    submit(page, comment.get_by_role("button", name="Hide", exact=True).first)
    watch.check(page)
    assert page.get_by_text(f"Moderator's note: {vector}").count() == 1
    # The author sees the note too, beside their hidden comment.
    author.page.goto(idea)
    author.check(author.page)
    assert author.page.get_by_text(f"Moderator's note: {vector}").count() == 1


def _respond_and_promote(watch, idea, vector):
    page = watch.page
    page.goto(idea)
    page.get_by_label("New status").select_option(label="Under review")
    page.get_by_label("Official response").first.fill(vector)
    submit(page, page.get_by_role("button", name="Change status"))
    watch.check(page)
    follow(page, page.get_by_role("link", name="Promote to a proposal"))
    page.get_by_label("Title").fill(vector[:140])
    for label in ("Problem statement", "Proposed change", "Expected benefits", "Who it affects",
                  "Message to residents"):
        page.get_by_label(label).fill(vector)
    page.get_by_label("Estimated cost").select_option(label="Not yet known")
    page.get_by_label("Responsible team").fill(vector[:120])
    page.get_by_label("Decision due by").fill((date.today() + timedelta(days=90)).isoformat())
    submit(page, page.get_by_role("button", name="Create the proposal"))
    watch.check(page)
    assert page.locator("h1").inner_text() == vector[:140]
