"""An author's one appeal against a hiding, decided by a different moderator."""
import html

import pytest
from sqlalchemy import func, select

from codesign.exceptions import DomainError
from codesign.extensions import db
from codesign.models import Appeal, Comment, Idea, ModerationAction, Notification, User
from codesign.moderation import appeal_services


@pytest.fixture
def author(factory):
    return factory.user(name="Ada Author")


@pytest.fixture
def ada(browser_for, author):
    return browser_for(author)


@pytest.fixture
def idea(factory, author):
    return factory.idea(author=author, title="Benches in the park")


@pytest.fixture
def hider(factory, browser_for):
    return browser_for(factory.user(name="Hana Hider", role="moderator"))


@pytest.fixture
def other_mod(factory, browser_for):
    return browser_for(factory.user(name="Otto Other", role="moderator"))


def text_of(response):
    return html.unescape(response.get_data(as_text=True))


def flashed(browser, response):
    assert response.status_code == 302, response.status_code
    return text_of(browser.get(response.headers["Location"]))


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def logged(app):
    with app.app_context():
        return [a.action for a in db.session.scalars(select(ModerationAction).order_by(ModerationAction.id))]


def the_appeal(app):
    with app.app_context():
        appeal = db.session.scalars(select(Appeal)).one()
        db.session.expunge(appeal)
        return appeal


def is_hidden(app, idea):
    with app.app_context():
        return db.session.get(Idea, idea.id).hidden_at is not None


def hide_idea(hider, idea):
    hider.post(f"/moderation/ideas/{idea.id}/hide",
               data={"reason": "off_topic", "note": "Not about a service"})


def decide(browser, appeal_id, outcome, note="We looked again"):
    return browser.post(f"/moderation/appeals/{appeal_id}/decide",
                        data={"outcome": outcome, "note": note, "next": "/moderation"})


def test_the_author_appeals_once(app, ada, hider, idea):
    hide_idea(hider, idea)
    page = text_of(ada.get(f"/ideas/{idea.id}"))
    assert "Reason: Off-topic" in page and "Not about a service" in page
    assert f'href="/moderation/ideas/{idea.id}/appeal"' in page

    form = ada.get(f"/moderation/ideas/{idea.id}/appeal")
    assert form.status_code == 200 and "Not about a service" in text_of(form)
    sent = ada.post(f"/moderation/ideas/{idea.id}/appeal", data={"text": "It is about the parks service"})
    assert "Your appeal is sent" in flashed(ada, sent)
    appeal = the_appeal(app)
    assert appeal.hidden_by_id == hider.user.id and appeal.text == "It is about the parks service"
    assert logged(app) == ["hide", "appeal"]

    again = ada.post(f"/moderation/ideas/{idea.id}/appeal", data={"text": "Please!"})
    assert "already appealed" in flashed(ada, again)
    assert count(app, Appeal) == 1 and logged(app) == ["hide", "appeal"]
    status = text_of(ada.get(f"/moderation/ideas/{idea.id}/appeal"))
    assert "It is about the parks service" in status and 'name="text"' not in status
    assert "A moderator other than the one who hid it will decide" in status
    assert "Each item can be appealed once" in status


def test_only_the_author_of_a_hidden_item_appeals(app, factory, ada, hider, idea, browser_for):
    assert ada.get(f"/moderation/ideas/{idea.id}/appeal").status_code == 403  # not hidden
    hide_idea(hider, idea)
    stranger = browser_for(factory.user())
    assert stranger.post(f"/moderation/ideas/{idea.id}/appeal", data={"text": "x"}).status_code == 403
    assert hider.get(f"/moderation/ideas/{idea.id}/appeal").status_code == 403
    empty = ada.post(f"/moderation/ideas/{idea.id}/appeal", data={"text": "  "})
    assert empty.status_code == 422 and "<title>Error:" in text_of(empty)
    assert "Say why it should be shown again" in text_of(empty)
    assert count(app, Appeal) == 0


def test_the_moderator_who_hid_it_cannot_decide(app, ada, hider, idea):
    hide_idea(hider, idea)
    ada.post(f"/moderation/ideas/{idea.id}/appeal", data={"text": "Fair please"})
    appeal = the_appeal(app)
    queue = text_of(hider.get("/moderation"))
    assert "Fair please" in queue and "another moderator must decide" in queue
    assert decide(hider, appeal.id, "restore").status_code == 403
    assert the_appeal(app).decided_at is None and is_hidden(app, idea)


def test_a_moderator_does_not_decide_their_own_appeal(app, factory, browser_for, hider):
    """Issue 10.9: the author of the hidden item, a moderator too, decides nothing on it."""
    mina = factory.user(name="Mina Moderator", role="moderator")
    mine = factory.idea(author=mina, title="Mina's idea")
    hide_idea(hider, mine)
    me = browser_for(mina)
    me.post(f"/moderation/ideas/{mine.id}/appeal", data={"text": "Mine was fine"})
    appeal = the_appeal(app)
    assert "another moderator must decide" in text_of(me.get("/moderation"))
    assert decide(me, appeal.id, "restore").status_code == 403
    with app.app_context():
        with pytest.raises(DomainError, match="another moderator"):
            appeal_services.decide_appeal(db.session.get(User, mina.id),
                                          db.session.get(Appeal, appeal.id), "restore", "Yes")
        db.session.rollback()
    assert the_appeal(app).decided_at is None and is_hidden(app, mine)


def test_a_different_moderator_restores_on_appeal(app, factory, author, ada, hider, other_mod, idea,
                                                  browser_for):
    hide_idea(hider, idea)
    ada.post(f"/moderation/ideas/{idea.id}/appeal", data={"text": "Fair please"})
    appeal = the_appeal(app)
    assert f'action="/moderation/appeals/{appeal.id}/decide"' in text_of(other_mod.get("/moderation"))

    answer = decide(other_mod, appeal.id, "restore", "You are right")
    assert "The appeal is decided" in flashed(other_mod, answer)
    decided = the_appeal(app)
    assert (decided.outcome, decided.decided_by_id, decided.decision_note) == (
        "restored", other_mod.user.id, "You are right")
    assert not is_hidden(app, idea)
    assert "Benches in the park" in text_of(browser_for(factory.user()).get("/ideas"))
    assert logged(app) == ["hide", "appeal", "appeal_upheld"]
    assert count(app, Notification, Notification.kind == "appeal_decided",
                 Notification.user_id == author.id, Notification.detail == "You are right") == 1

    replay = decide(other_mod, appeal.id, "uphold")
    assert "already been decided" in flashed(other_mod, replay)
    assert logged(app) == ["hide", "appeal", "appeal_upheld"]


def test_a_different_moderator_keeps_it_hidden(app, ada, hider, other_mod, idea):
    hide_idea(hider, idea)
    ada.post(f"/moderation/ideas/{idea.id}/appeal", data={"text": "Fair please"})
    appeal = the_appeal(app)
    decide(other_mod, appeal.id, "uphold", "It is off-topic")
    assert the_appeal(app).outcome == "upheld" and is_hidden(app, idea)
    assert logged(app) == ["hide", "appeal", "appeal_rejected"]
    status = text_of(ada.get(f"/moderation/ideas/{idea.id}/appeal"))
    assert "Decided: it stays hidden" in status and "It is off-topic" in status
    assert "No appeals are waiting" in text_of(other_mod.get("/moderation"))


def test_a_decision_needs_an_outcome_and_a_note(app, ada, hider, other_mod, idea):
    hide_idea(hider, idea)
    ada.post(f"/moderation/ideas/{idea.id}/appeal", data={"text": "Fair please"})
    appeal = the_appeal(app)
    answer = decide(other_mod, appeal.id, "", note="Typed reply")
    assert answer.status_code == 422
    page = text_of(answer)
    assert "<title>Error: Decide an appeal" in page and "Choose whether to restore it" in page
    assert "Typed reply" in page
    assert the_appeal(app).decided_at is None
    assert hider.post("/moderation/appeals/999999/decide").status_code == 404


def test_an_appeal_against_hiding_by_reports_any_moderator_decides(app, trusting, factory, author, ada, hider,
                                                                   idea, browser_for):
    with app.app_context():
        comment = Comment(idea_id=idea.id, author_id=author.id, body="My comment")
        db.session.add(comment)
        db.session.get(Idea, idea.id).comment_count = 1
        db.session.commit()
        comment_id = comment.id
    for _ in range(3):
        browser_for(factory.user()).post(f"/comments/{comment_id}/report", data={"reason": "spam"})
    assert factory.get(Idea, idea.id).comment_count == 0

    ada.post(f"/moderation/comments/{comment_id}/appeal", data={"text": "Not spam"})
    appeal = the_appeal(app)
    assert appeal.hidden_by_id is None and appeal.comment_id == comment_id
    decide(hider, appeal.id, "restore")
    assert factory.get(Comment, comment_id).hidden_at is None
    assert factory.get(Idea, idea.id).comment_count == 1
    assert logged(app) == ["auto_hide", "appeal", "appeal_upheld"]
