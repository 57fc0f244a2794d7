"""A state change that does not apply gets a clear message, changes nothing,
and is never a 500 (issue 3, item 37).

Covered elsewhere, and not repeated here: hiding a hidden idea and restoring
a shown one, blocking a blocked account and unblocking a shown one
(test_moderation, test_admin), merging into itself, in a cycle or into a
duplicate, and a replayed merge or unmerge (test_duplicates), a replayed idea
status form and a step that does not apply (test_staff), a replayed promote
form and proposal status form (test_proposals), a replayed report, appeal and
appeal decision (test_reports, test_appeals). The permission matrix also
sends every staff action twice (staff, then an administrator) and fails on
any 500. Here: the cases those leave out."""
import re

import pytest
from helpers import count, csrf_token, sign_in, text_of

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import (
    Comment,
    Idea,
    IdeaStatusChange,
    ModerationAction,
    Proposal,
    ProposalStatusChange,
    User,
)


def flashed(browser, response):
    """The page a redirect leads to, where its message is shown."""
    assert response.status_code == 302, response.status_code
    return text_of(browser.get(response.headers["Location"]))


def comment_on(app, factory, subject):
    """A shown comment, counted on its idea or its proposal."""
    author = factory.user()
    with app.app_context():
        if subject == "idea":
            parent = db.session.get(Idea, factory.idea().id)
            row = Comment(idea_id=parent.id, author_id=author.id, body="Fair point")
        else:
            staff = factory.user(role="staff")
            parent = Proposal(
                title="A proposal", problem="P", proposed_change="C", expected_benefits="B",
                who_it_affects="W", cost_band="unknown", service_area_id=factory.area().id,
                responsible_team="T", decision_due=utcnow().date(), status="open_for_feedback",
                created_by_id=staff.id)
            db.session.add(parent)
            db.session.flush()
            row = Comment(proposal_id=parent.id, author_id=author.id, body="Fair point")
        parent.comment_count = 1
        db.session.add(row)
        db.session.commit()
        return row.id, type(parent), parent.id


@pytest.mark.parametrize("subject", ["idea", "proposal"])
def test_hiding_a_hidden_comment_or_restoring_a_shown_one_changes_nothing(
        app, factory, browser_for, subject):
    comment_id, model, parent_id = comment_on(app, factory, subject)
    mod = browser_for(factory.user(role="moderator"))
    hide = {"reason": "offensive", "note": "Keep it civil", "next": "/moderation"}
    assert mod.post(f"/moderation/comments/{comment_id}/hide", hide).status_code == 302

    again = mod.post(f"/moderation/comments/{comment_id}/hide", {**hide, "reason": "spam"})

    assert "This is already hidden." in flashed(mod, again)
    stored = factory.get(Comment, comment_id)
    assert (stored.hidden_reason, stored.hidden_note) == ("offensive", "Keep it civil")
    assert factory.get(model, parent_id).comment_count == 0

    assert mod.post(f"/moderation/comments/{comment_id}/restore", {"next": "/moderation"}) \
        .status_code == 302
    replay = mod.post(f"/moderation/comments/{comment_id}/restore", {"next": "/moderation"})

    assert "This is not hidden, so there is nothing to restore." in flashed(mod, replay)
    assert factory.get(Comment, comment_id).hidden_at is None
    assert factory.get(model, parent_id).comment_count == 1
    assert count(app, ModerationAction, comment_id=comment_id) == 2


@pytest.mark.parametrize("state, message", [
    ("hidden", "is hidden by a moderator"),
    ("withdrawn", "was withdrawn by its author"),
    ("duplicate", "is a duplicate of idea"),
])
def test_promoting_an_idea_that_cannot_be_promoted_says_why(
        app, factory, browser_for, state, message):
    area = factory.area()
    extra = {"hidden": {"hidden_at": utcnow(), "hidden_reason": "spam"},
             "withdrawn": {"withdrawn_at": utcnow()},
             "duplicate": {"duplicate_of_id": factory.idea(area=area).id,
                           "status": "duplicate"}}[state]
    idea = factory.idea(area=area, **extra)
    sam = browser_for(factory.user(role="staff"))
    form = {"title": "Benches", "problem": "P", "proposed_change": "C", "expected_benefits": "B",
            "who_it_affects": "W", "cost_band": "unknown", "service_area": str(area.id),
            "responsible_team": "Streets", "decision_due": utcnow().date().isoformat(),
            "also_include": "", "message": "Thank you", "publish": "y"}

    for response in (sam.get(f"/ideas/{idea.id}/promote"),
                     sam.post(f"/ideas/{idea.id}/promote", form)):
        assert response.status_code == 403
        assert f"Idea #{idea.id} {message}" in text_of(response)

    assert count(app, Proposal) == 0 and count(app, IdeaStatusChange) == 0
    stored = factory.get(Idea, idea.id)
    assert (stored.status, stored.proposal_id) == (idea.status, None)
    # The message was shown once, on the refusal, and is not left for later.
    assert message not in text_of(sam.get(f"/ideas/{idea.id}"))


def test_unblocking_an_account_that_is_not_blocked_is_explained(app, factory, browser_for):
    admin = browser_for(factory.user(role="admin"))
    person = factory.user(name="Paula")

    response = admin.post(f"/admin/users/{person.id}/unblock", {"note": ""})

    assert response.status_code == 422
    assert "This account is not blocked." in text_of(response)
    assert factory.get(User, person.id).blocked_at is None
    assert count(app, ModerationAction) == 0


def test_giving_someone_the_role_they_have_is_explained(app, factory, browser_for):
    admin = browser_for(factory.user(role="admin"))
    person = factory.user(name="Mo")
    assert admin.post(f"/admin/users/{person.id}/role", {"role": "moderator"}).status_code == 302

    again = admin.post(f"/admin/users/{person.id}/role", {"role": "moderator"})

    assert again.status_code == 422
    assert re.search(r"Mo\s+already has this role", text_of(again))
    assert factory.get(User, person.id).role == "moderator"


def test_a_decided_proposal_refuses_a_stale_status_form(app, factory, browser_for):
    """Two staff open the status form; the first moves it to a final stage."""
    staff = factory.user(role="staff")
    sam, kim = browser_for(staff), browser_for(factory.user(role="staff"))
    with app.app_context():
        proposal = Proposal(
            title="A proposal", problem="P", proposed_change="C", expected_benefits="B",
            who_it_affects="W", cost_band="unknown", service_area_id=factory.area().id,
            responsible_team="T", decision_due=utcnow().date(), status="in_pilot",
            created_by_id=staff.id)
        db.session.add(proposal)
        db.session.commit()
        proposal_id = proposal.id
    form = {"status": "implemented", "response": "Done.", "current": "in_pilot"}
    assert sam.post(f"/proposals/{proposal_id}/status", form).status_code == 302

    stale = kim.post(f"/proposals/{proposal_id}/status",
                     {**form, "status": "not_taken_forward", "response": "No money."})

    assert stale.status_code == 422
    assert "it changed since the form was opened" in text_of(stale)
    assert factory.get(Proposal, proposal_id).status == "implemented"
    assert count(app, ProposalStatusChange, proposal_id=proposal_id) == 1


def test_deleting_a_comment_twice_says_so(app, factory, make_client):
    from codesign.models import Comment
    author = factory.user()
    idea = factory.idea()
    comment = factory.comment(idea=idea, author=author)
    client = make_client()
    sign_in(client, author)
    token = csrf_token(client, f"/ideas/{idea.id}")
    url = f"/ideas/{idea.id}/comments/{comment.id}/delete"
    assert client.post(url, data={"csrf_token": token}).status_code == 302
    first = factory.get(Comment, comment.id).deleted_at
    again = client.post(url, data={"csrf_token": token}, follow_redirects=True)
    assert again.status_code == 200
    assert "already deleted" in again.get_data(as_text=True)
    assert factory.get(Comment, comment.id).deleted_at == first
