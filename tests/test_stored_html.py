"""Rendered HTML is stored when a text is written, so reading a page never
renders Markdown: the services fill each `*_html` column through the one
sanitiser when the text is written or edited, migration 0008 fills them for
the rows there were, and pages, mail and the API only copy them out."""
from datetime import date, timedelta

import pytest
from flask_migrate import upgrade
from helpers import text_of
from sqlalchemy import select, text
from test_ideas import idea_form
from test_proposals import make_proposal, promote_form

from codesign import create_app, sanitise
from codesign.admin import services as admin_services
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Challenge, Comment, Idea, Notification, Proposal, ServiceArea
from codesign.staff import services as staff_services


def refuse_to_render(monkeypatch):
    def refuse(*args):
        raise AssertionError("a read rendered Markdown")

    monkeypatch.setattr(sanitise, "_render", refuse)
    monkeypatch.setattr(sanitise, "clean_html", refuse)


@pytest.fixture
def world(app, factory, resident, rosa, staff_user, staff):
    """Every kind of Markdown text the site shows, written through the site."""
    area = factory.area(name="Libraries")
    challenge = factory.challenge(area=area)
    idea = factory.idea(author=resident, area=area, description="Open on *Sundays*.")
    assert rosa.post(f"/ideas/{idea.id}/comments", {"body": "A **first** comment"}).status_code == 302
    with app.app_context():
        admin_services.update_area(db.session.get(ServiceArea, area.id), "Libraries", "Books **too**")
        row = db.session.get(Challenge, challenge.id)
        admin_services.update_challenge(row, row.question, "Tell us *how*", row.service_area,
                                        date.today() - timedelta(days=1),
                                        date.today() + timedelta(days=9))
        staff_services.change_status(db.session.get(Idea, idea.id), "under_review",
                                     "We are **looking** at it.", db.session.get(type(staff_user),
                                                                                 staff_user.id))
        db.session.commit()
    proposal_id = make_proposal(app, staff_user, area)
    assert staff.post(f"/proposals/{proposal_id}/comments", {"body": "Staff *say*"}).status_code == 302
    return {"idea": idea.id, "proposal": proposal_id}


def test_reading_pages_and_the_api_never_renders_markdown(app, factory, browser_for, client, rosa,
                                                          staff, world, monkeypatch):
    admin = browser_for(factory.user(role="admin"))
    refuse_to_render(monkeypatch)
    idea, proposal = world["idea"], world["proposal"]
    idea_page = text_of(client.get(f"/ideas/{idea}"))
    assert "A <strong>first</strong> comment" in idea_page and "<em>Sundays</em>" in idea_page
    assert "We are <strong>looking</strong> at it." in idea_page
    for path in ("/", "/ideas", f"/proposals/{proposal}", f"/api/v1/ideas/{idea}",
                 f"/api/v1/ideas/{idea}/comments", f"/api/v1/proposals/{proposal}",
                 "/api/v1/ideas"):
        assert client.get(path).status_code == 200, path
    assert "<strong>first</strong>" in client.get(f"/api/v1/ideas/{idea}/comments").get_json()[
        "items"][0]["body_html"]
    assert "We are <strong>looking</strong> at it." in text_of(rosa.get("/notifications"))
    assert "Staff <em>say</em>" in text_of(staff.get(f"/proposals/{proposal}"))
    assert "Tell us <em>how</em>" in text_of(client.get("/"))
    assert "Books <strong>too</strong>" in text_of(admin.get("/admin/areas"))


def test_each_text_is_stored_with_its_html(app, world):
    with app.app_context():
        idea = db.session.get(Idea, world["idea"])
        assert idea.description_html == "<p>Open on <em>Sundays</em>.</p>"
        comment = db.session.scalars(select(Comment).where(Comment.idea_id == idea.id)).one()
        assert comment.body_html == "<p>A <strong>first</strong> comment</p>"
        area = db.session.scalars(select(ServiceArea).where(ServiceArea.name == "Libraries")).one()
        assert area.description_html == "<p>Books <strong>too</strong></p>"
        assert db.session.scalars(select(Challenge.description_html)).one() == \
            "<p>Tell us <em>how</em></p>"
        details = set(db.session.scalars(select(Notification.detail_html)))
        assert "<p>We are <strong>looking</strong> at it.</p>" in details
        proposal = db.session.get(Proposal, world["proposal"])
        assert proposal.problem_html == "<p>Problem</p>"


def test_editing_a_text_updates_its_html(app, factory, resident, rosa, staff, staff_user):
    area = factory.area()
    idea = factory.idea(author=resident, area=area, description="Before")
    assert rosa.post(f"/ideas/{idea.id}/edit",
                     idea_form(area, description="After, **bolder**")).status_code == 302
    assert "After, <strong>bolder</strong>" in rosa.get(f"/ideas/{idea.id}").get_data(as_text=True)

    other = factory.idea(title="Talked about")
    posted = rosa.post(f"/ideas/{other.id}/comments", {"body": "First *take*"})
    comment_id = int(posted.headers["Location"].rsplit("-", 1)[1])
    assert rosa.post(f"/ideas/{other.id}/comments/{comment_id}/edit",
                     {"body": "Second `take`"}).status_code == 302

    proposal_id = make_proposal(app, staff_user, area)
    assert staff.post(f"/proposals/{proposal_id}/edit", promote_form(area)).status_code == 302
    with app.app_context():
        assert db.session.get(Idea, idea.id).description_html == \
            "<p>After, <strong>bolder</strong></p>"
        assert db.session.get(Comment, comment_id).body_html == "<p>Second <code>take</code></p>"
        assert db.session.get(Proposal, proposal_id).problem_html == \
            "<p>People who <strong>work</strong> all week cannot visit.</p>"


def test_the_migration_fills_the_html_of_existing_rows(tmp_path):
    app = create_app({"ENV_NAME": "testing",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fill.db'}"})
    now = utcnow()
    with app.app_context():
        upgrade(revision="0005")
        for statement in (
            "INSERT INTO user (id, email, display_name, password_hash, role, created_at, "
            "session_token, email_preference) "
            "VALUES (1, 'a@example.test', 'Ann', '!', 'resident', :now, 'x', 'daily')",
            "INSERT INTO service_area (id, name, description, created_at) "
            "VALUES (1, 'Parks', 'Trees *and* benches', :now)",
            "INSERT INTO idea (id, title, description, service_area_id, author_id, status, "
            "created_at, updated_at, vote_count, comment_count) "
            "VALUES (1, 'Idea', 'More **shade**', 1, 1, 'published', :now, :now, 0, 1)",
            "INSERT INTO comment (id, idea_id, author_id, depth, body, created_at) "
            "VALUES (1, 1, 1, 0, 'See [this](https://example.org)', :now)",
        ):
            db.session.execute(text(statement), {"now": now})
        db.session.commit()
        upgrade()
        assert db.session.get(Idea, 1).description_html == "<p>More <strong>shade</strong></p>"
        assert db.session.get(ServiceArea, 1).description_html == "<p>Trees <em>and</em> benches</p>"
        assert db.session.get(Comment, 1).body_html == (
            '<p>See <a href="https://example.org" rel="nofollow ugc noopener">this</a></p>')
        db.session.remove()
        db.engine.dispose()


def test_the_seeder_stores_the_html_of_what_it_writes(app):
    from test_seed import TINY, seeded
    seeded(app, *TINY)
    with app.app_context():
        for model, names in ((Idea, ["description"]), (Comment, ["body"]),
                             (ServiceArea, ["description"]), (Challenge, ["description"]),
                             (Proposal, ["problem", "proposed_change", "expected_benefits",
                                         "who_it_affects"])):
            rows = db.session.scalars(select(model)).all()
            assert rows, model
            for row in rows:
                for name in names:
                    assert getattr(row, f"{name}_html") == str(
                        sanitise.render_markdown(getattr(row, name))), (model, row.id, name)
        db.session.remove()
