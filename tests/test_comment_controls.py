"""The controls under a comment (edit, delete, report, hide, reply) are each
person's own: decided per request by the permission predicates
(codesign/comments/controls.py) and kept with the comment only under every
answer (codesign/fragments.py, "shown_comment"). Whoever renders a comment
first, the next person sees their own controls and their own form tokens,
and a change of state (time, blocking, hiding, a proposal decided) shows at
once."""
import re
from datetime import timedelta

import pytest
from helpers import change, kept
from test_api_proposals import make_proposal

from codesign import fragments, permissions
from codesign.clock import utcnow
from codesign.comments import controls
from codesign.extensions import db
from codesign.ideas.comment_routes import PAGES
from codesign.models import Comment, Idea, Proposal, User
from codesign.models.comment import MAX_DEPTH


def article(html, comment_id):
    """The markup of one comment, without its replies."""
    start = html.index(f'id="comment-{comment_id}"')
    return html[start:html.index("</article>", start)]


def shown(html, comment_id, base):
    """Which controls one comment has on the page. `base`: its subject's address."""
    part = article(html, comment_id)
    return {name for name, mark in (
        ("edit", f'href="{base}/comments/{comment_id}/edit"'),
        ("delete", f'action="{base}/comments/{comment_id}/delete"'),
        ("report", f'href="/comments/{comment_id}/report"'),
        ("hide", f'action="/moderation/comments/{comment_id}/hide"'),
        ("reply", f'name="parent_id" value="{comment_id}"'),
    ) if mark in part}


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def writer(factory):
    return factory.user(name="Wren Writer")


@pytest.fixture
def said(factory, idea, writer):
    return factory.comment(idea, writer, body="Put one by the pond")


def test_each_person_sees_their_own_controls_on_a_kept_comment(app, factory, browser_for, client,
                                                               idea, writer, said):
    people = {
        "moderator": browser_for(factory.user(role="moderator")),
        "other": browser_for(factory.user()),
        "writer": browser_for(writer),
        "staff": browser_for(factory.user(role="staff")),
        "visitor": client,
    }
    expected = {
        "moderator": {"report", "hide", "reply"},
        "other": {"report", "reply"},
        "writer": {"edit", "delete", "reply"},
        # Staff rank above moderators, so they may hide too.
        "staff": {"report", "hide", "reply"},
        "visitor": set(),
    }
    base = f"/ideas/{idea.id}"
    # Twice round, in an order where each is served what the one before kept.
    for round_ in range(2):
        before = kept(app)
        for who, person in people.items():
            html = page(person, base)
            assert "Put one by the pond" in html
            assert shown(html, said.id, base) == expected[who], (round_, who)
            assert fragments.TOKEN_SLOT not in html
        if round_:
            assert kept(app) == before  # all of them from what was kept


def test_a_moderator_does_not_hide_what_they_wrote(app, factory, browser_for, idea):
    moderator = factory.user(role="moderator")
    comment = factory.comment(idea, moderator, body="My own words")
    other = browser_for(factory.user(role="moderator"))
    base = f"/ideas/{idea.id}"
    assert shown(page(other, base), comment.id, base) == {"report", "hide", "reply"}
    assert shown(page(browser_for(moderator), base), comment.id, base) == {"edit", "delete", "reply"}


def test_the_edit_link_goes_when_the_window_closes(app, monkeypatch, browser_for, idea, writer,
                                                   said):
    base, own = f"/ideas/{idea.id}", browser_for(writer)
    assert "edit" in shown(page(own, base), said.id, base)
    later = utcnow() + timedelta(minutes=16)
    monkeypatch.setattr("codesign.permissions.utcnow", lambda: later)
    assert shown(page(own, base), said.id, base) == {"delete", "reply"}


def test_a_blocked_person_loses_their_controls(app, factory, browser_for, idea, said):
    person = factory.user()
    browser, base = browser_for(person), f"/ideas/{idea.id}"
    assert shown(page(browser, base), said.id, base) == {"report", "reply"}
    change(app, User, person.id, blocked_at=utcnow())
    html = page(browser, base)
    assert "Put one by the pond" in html and shown(html, said.id, base) == set()


def test_a_kept_comment_hidden_since_shows_neither_text_nor_controls(app, factory, browser_for,
                                                                     idea, writer, said):
    other, base = browser_for(factory.user()), f"/ideas/{idea.id}"
    assert shown(page(other, base), said.id, base) == {"report", "reply"}
    change(app, Comment, said.id, hidden_at=utcnow(), hidden_reason="moderator")
    html = page(other, base)
    assert "Put one by the pond" not in html and "Comment hidden by a moderator" in html
    assert shown(html, said.id, base) == set()
    # Its writer still reads it, with the notice, and no controls kept for others.
    html = page(browser_for(writer), base)
    assert "Put one by the pond" in html and "Hidden by a moderator." in html
    assert shown(html, said.id, base) == set()


def test_a_kept_delete_form_carries_each_sessions_own_token_and_works(app, browser_for, idea,
                                                                      writer, said):
    action = f'action="/ideas/{idea.id}/comments/{said.id}/delete"'
    tokens = []
    for browser in (browser_for(writer), browser_for(writer)):
        html = page(browser, f"/ideas/{idea.id}")
        form = html[html.index(action):html.index(action) + 300]
        tokens.append(re.search(r'name="csrf_token" value="([^"]+)"', form).group(1))
    assert tokens[0] != tokens[1]
    response = browser.client.post(f"/ideas/{idea.id}/comments/{said.id}/delete",
                                   data={"csrf_token": tokens[1]})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Comment, said.id).deleted_at is not None


def test_the_hide_form_comes_back_to_the_page_it_is_on(app, factory, browser_for, idea, said):
    moderator, base = browser_for(factory.user(role="moderator")), f"/ideas/{idea.id}"
    html = page(moderator, base)
    assert f'name="next" value="{base}#comment-{said.id}"' in article(html, said.id)
    html = page(moderator, f"{base}?thread={said.id}")
    assert (f'name="next" value="{base}?thread={said.id}#comment-{said.id}"'
            in article(html, said.id))


def test_each_person_replies_in_their_own_language(app, monkeypatch, factory, browser_for, idea,
                                                   said):
    monkeypatch.setitem(app.config, "LANGUAGES", ("en", "cy"))
    welsh, english = factory.user(), factory.user()
    change(app, User, welsh.id, locale="cy")
    change(app, User, english.id, locale="en")
    radio = re.compile(rf'<input[^>]*id="reply-{said.id}-language[^>]*>')
    for person, language in ((welsh, "cy"), (english, "en"), (welsh, "cy")):
        html = page(browser_for(person), f"/ideas/{idea.id}")
        ticked = [tag for tag in radio.findall(html) if "checked" in tag]
        assert len(ticked) == 1 and f'value="{language}"' in ticked[0], person.id


def test_a_proposal_comment_takes_replies_only_while_open(app, factory, browser_for, staff_user):
    area = factory.area()
    proposal_id = make_proposal(app, staff_user, area)
    writer = factory.user()
    with app.app_context():
        row = Comment(proposal_id=proposal_id, author_id=writer.id, body="Fair point")
        db.session.add(row)
        db.session.commit()
        comment_id = row.id
    base = f"/proposals/{proposal_id}"
    other, own = browser_for(factory.user()), browser_for(writer)
    assert shown(page(other, base), comment_id, base) == {"report", "reply"}
    assert shown(page(own, base), comment_id, base) == {"edit", "delete", "reply"}
    change(app, Proposal, proposal_id, status="approved")
    assert shown(page(other, base), comment_id, base) == {"report"}
    assert shown(page(own, base), comment_id, base) == {"edit", "delete"}


def test_the_controls_are_the_predicates_answers(app, factory, idea):
    """Every control of every kind of person on every kind of comment is what
    the permission predicate for it says."""
    now = utcnow()
    writer, moderator = factory.user(), factory.user(role="moderator")
    people = [app.login_manager.anonymous_user(), factory.user(confirmed=False), factory.user(), writer,
              moderator, factory.user(role="admin"), factory.user()]  # the last one blocked below
    with app.test_request_context():
        people = [person if person.is_anonymous else db.session.get(User, person.id)
                  for person in people]
        subject = db.session.get(Idea, idea.id)

        def comment(author, **values):
            row = Comment(idea_id=idea.id, author_id=author.id, body="Words",
                          **{"created_at": now, **values})
            db.session.add(row)
            db.session.flush()
            return row

        # Several of each kind, mixed: the page asks the predicates once per kind.
        kinds = [comment(writer), comment(moderator), comment(writer, depth=MAX_DEPTH),
                 comment(writer, created_at=now - timedelta(hours=1)),
                 comment(writer, hidden_at=now, hidden_reason="reported"),
                 comment(writer, deleted_at=now), comment(moderator, depth=MAX_DEPTH),
                 comment(writer, created_at=now - timedelta(minutes=14)),
                 comment(writer, depth=MAX_DEPTH, created_at=now - timedelta(hours=1)),
                 comment(moderator, created_at=now - timedelta(hours=2)), comment(writer)]
        people[-1].blocked_at = now
        nodes = [(row, []) for row in kinds]
        for hidden_idea in (None, now):
            subject.hidden_at = hidden_idea
            for person in people:
                decided = controls.decide(PAGES, subject, person, nodes)
                for row in kinds:
                    if not row.is_visible:
                        assert row.id not in decided
                        continue
                    assert decided[row.id] == controls.Controls(
                        edit=bool(permissions.can_edit_comment(person, row)),
                        delete=bool(permissions.can_delete_comment(person, row)),
                        report=bool(permissions.can_report(person, row)),
                        hide=bool(permissions.can_hide(person, row)),
                        reply=bool(permissions.can_reply_comment(person, row, subject)),
                    ), (person, row.id)
                # A refused reply reopens under its own comment only.
                again = controls.decide(PAGES, subject, person, nodes, str(kinds[0].id))
                for row in kinds:
                    if row.is_visible:
                        reopen = row is kinds[0] and decided[row.id].reply
                        assert again[row.id] == decided[row.id]._replace(
                            reply=decided[row.id].reply and not reopen, reopen=reopen)
        db.session.rollback()
