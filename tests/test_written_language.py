"""The language an idea or a comment is written in: the author's own by
default, theirs to change, marked on the page with `lang` so a screen reader
pronounces it right, given by the API, and searched without English stemming
when it is Welsh. Runs on SQLite and on PostgreSQL (TEST_DATABASE_URL).

Until the Welsh catalogue is complete the site offers only English, so these
tests offer Welsh themselves."""
import re

import pytest
from flask_migrate import downgrade, upgrade
from helpers import Browser, sign_in, text_of
from sqlalchemy import delete, text, update

from codesign import create_app, search
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Comment, Idea, ServiceArea, User


@pytest.fixture
def welsh_offered(app, monkeypatch):
    monkeypatch.setitem(app.config, "LANGUAGES", ("en", "cy"))


@pytest.fixture
def area(factory):
    return factory.area(name="Libraries")


def idea_form(area, **changes):
    return {"title": "Llyfrgell ar agor ar ddydd Sul", "description": "Byddai plant wrth eu bodd.",
            "service_area": str(area.id), "challenge": "", "place": "", **changes}


def set_locale(app, user, code):
    with app.app_context():
        db.session.execute(update(User).where(User.id == user.id).values(locale=code))
        db.session.commit()


def new_idea_id(response):
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(re.fullmatch(r"/ideas/(\d+)", response.headers["Location"]).group(1))


def checked_language(page, prefix="language"):
    """The code of the ticked radio of the language choice with this id prefix."""
    for tag in re.findall(r"<input[^>]*>", page):
        if 'name="language"' in tag and "checked" in tag and f'id="{prefix}' in tag:
            return re.search(r'value="([^"]+)"', tag).group(1)
    return None


def titles(response):
    return re.findall(r'id="idea-\d+-title"><a [^>]*>([^<]*)</a>', text_of(response))


# --- writing ---------------------------------------------------------------

def test_the_choice_is_offered_only_with_more_than_one_language(app, area, rosa, monkeypatch):
    monkeypatch.setitem(app.config, "LANGUAGES", ("en",))
    assert "Language this is written in" not in text_of(rosa.get("/ideas/new"))
    monkeypatch.setitem(app.config, "LANGUAGES", ("en", "cy"))
    page = text_of(rosa.get("/ideas/new"))
    assert "Language this is written in" in page
    # Each language is named in itself, and marked as such.
    assert re.search(r'<label[^>]*lang="cy"[^>]*>\s*Cymraeg', page)
    assert checked_language(page) == "en"


def test_an_idea_is_in_its_authors_language_unless_they_say(app, factory, area, make_client,
                                                            welsh_offered):
    welsh = factory.user(name="Gwen Gymraeg")
    set_locale(app, welsh, "cy")
    client = make_client()
    sign_in(client, welsh)
    gwen = Browser(client, welsh)
    assert checked_language(text_of(gwen.get("/ideas/new"))) == "cy"

    # The form sent without a choice (as while one language is offered).
    idea_id = new_idea_id(gwen.post("/ideas/new", idea_form(area)))
    assert factory.get(Idea, idea_id).language == "cy"

    # Someone with no saved choice writes in the page's language.
    english = factory.user()
    client = make_client()
    sign_in(client, english)
    idea_id = new_idea_id(Browser(client, english).post(
        "/ideas/new", idea_form(area, title="Open on Sundays", description="Please.")))
    assert factory.get(Idea, idea_id).language == "en"
    client.get("/language/cy")
    idea_id = new_idea_id(Browser(client, english).post("/ideas/new", idea_form(area)))
    assert factory.get(Idea, idea_id).language == "cy"


def test_the_author_chooses_and_the_choice_is_kept_on_errors(factory, area, rosa, welsh_offered):
    refused = rosa.post("/ideas/new", idea_form(area, title="", language="cy"))
    assert refused.status_code == 422
    assert checked_language(text_of(refused)) == "cy"

    idea_id = new_idea_id(rosa.post("/ideas/new", idea_form(area, language="cy")))
    assert factory.get(Idea, idea_id).language == "cy"

    page = text_of(rosa.get(f"/ideas/{idea_id}/edit"))
    assert checked_language(page) == "cy"
    saved = rosa.post(f"/ideas/{idea_id}/edit", idea_form(
        area, title="Open the library on Sundays", description="Children would love it.",
        language="en"))
    assert saved.status_code == 302
    assert factory.get(Idea, idea_id).language == "en"


def test_a_language_not_known_is_refused_beside_the_field(factory, area, rosa, welsh_offered):
    refused = rosa.post("/ideas/new", idea_form(area, language="xx"))
    assert refused.status_code == 422
    page = text_of(refused)
    assert "Choose the language this is written in" in page
    assert 'href="#language-1"' in page and 'id="language-1"' in page
    assert factory.get(Idea, 1) is None


def test_a_comment_is_in_its_authors_language_and_theirs_to_change(
        app, factory, idea, make_client, welsh_offered):
    welsh = factory.user(name="Gwen Gymraeg")
    set_locale(app, welsh, "cy")
    client = make_client()
    sign_in(client, welsh)
    gwen = Browser(client, welsh)
    page = text_of(gwen.get(f"/ideas/{idea.id}"))
    assert checked_language(page) == "cy"

    assert gwen.post(f"/ideas/{idea.id}/comments", {"body": "Syniad da iawn."}).status_code == 302
    # An empty comment is refused; the language chosen stays ticked.
    refused = gwen.post(f"/ideas/{idea.id}/comments", {"body": "", "language": "en"})
    assert refused.status_code == 422
    assert checked_language(text_of(refused)) == "en"
    assert gwen.post(f"/ideas/{idea.id}/comments",
                     {"body": "A good idea.", "language": "en"}).status_code == 302
    with app.app_context():
        rows = db.session.execute(
            db.select(Comment.body, Comment.language).order_by(Comment.id)).all()
        first_id = db.session.scalars(db.select(Comment.id).order_by(Comment.id)).first()
    assert [tuple(row) for row in rows] == [("Syniad da iawn.", "cy"), ("A good idea.", "en")]

    edit = text_of(gwen.get(f"/ideas/{idea.id}/comments/{first_id}/edit"))
    assert checked_language(edit) == "cy"
    assert gwen.post(f"/ideas/{idea.id}/comments/{first_id}/edit",
                     {"body": "Syniad da iawn!", "language": "en"}).status_code == 302
    assert factory.get(Comment, first_id).language == "en"


def test_a_reply_offers_the_choice_too(app, factory, idea, rosa, welsh_offered):
    comment = factory.comment(idea, factory.user(), body="First")
    page = text_of(rosa.get(f"/ideas/{idea.id}"))
    assert checked_language(page, f"reply-{comment.id}-language") == "en"
    assert rosa.post(f"/ideas/{idea.id}/comments", {"body": "Diolch!", "parent_id": comment.id,
                                                    "language": "cy"}).status_code == 302
    with app.app_context():
        reply = db.session.scalars(db.select(Comment).where(Comment.parent_id == comment.id)).one()
        assert reply.language == "cy"


# --- showing ---------------------------------------------------------------

def test_the_markup_carries_the_language(app, factory, client, area):
    idea = factory.idea(area=area, title="Llyfrgell ar agor", description="Byddai plant yn hapus.",
                        language="cy")
    english = factory.idea(area=area, title="Open the library")
    comment = factory.comment(english, factory.user(), body="Syniad gwych")
    with app.app_context():
        db.session.execute(update(Comment).where(Comment.id == comment.id).values(language="cy"))
        db.session.commit()

    page = text_of(client.get(f"/ideas/{idea.id}"))
    assert re.search(r'<h1[^>]*lang="cy"[^>]*>Llyfrgell ar agor</h1>', page)
    assert re.search(r'<div class="app-prose" lang="cy"><p>Byddai plant yn hapus.</p>', page)
    assert '<html lang="en"' in page

    listing = text_of(client.get("/ideas"))
    assert f'lang="cy" id="idea-{idea.id}-title"' in listing
    assert f'lang="en" id="idea-{english.id}-title"' in listing

    page = text_of(client.get(f"/ideas/{english.id}"))
    assert re.search(r'<div class="app-prose" lang="cy"><p>Syniad gwych</p>', page)
    assert re.search(r'<h1[^>]*lang="en"', page)


def test_the_api_gives_the_language(app, factory, client, area):
    idea = factory.idea(area=area, title="Llyfrgell", language="cy")
    factory.comment(idea, factory.user(), body="Da iawn")
    assert client.get(f"/api/v1/ideas/{idea.id}").get_json()["language"] == "cy"
    assert [item["language"] for item in client.get("/api/v1/ideas").get_json()["items"]] == ["cy"]
    comments = client.get(f"/api/v1/ideas/{idea.id}/comments").get_json()["items"]
    assert [item["language"] for item in comments] == ["en"]


# --- searching -------------------------------------------------------------

@pytest.fixture
def plants(factory, area):
    """"plant" is Welsh for children; English stemming would make it "plants"."""
    welsh = factory.idea(area=area, title="Cornel stori i blant", language="cy",
                         description="Byddai plant yr ardal wrth eu bodd yn y llyfrgell.")
    english = factory.idea(area=area, title="Planting trees in the park",
                           description="Volunteers could help.")
    return welsh, english


def test_welsh_is_found_by_its_own_words_and_not_stemmed_as_english(client, plants):
    welsh, english = plants
    assert titles(client.get("/ideas?q=llyfrgell")) == [welsh.title]
    assert set(titles(client.get("/ideas?q=plant"))) == {welsh.title, english.title}
    # English words still match by their stem, and never a Welsh word that looks like one.
    assert titles(client.get("/ideas?q=plants")) == [english.title]
    assert titles(client.get("/ideas?q=planted")) == [english.title]
    # The same with a filter and another order, which take another path on SQLite.
    assert titles(client.get(f"/ideas?q=plants&area={welsh.service_area_id}&sort=newest")) \
        == [english.title]
    assert titles(client.get(f"/ideas?q=plant&area={welsh.service_area_id}&sort=newest")) \
        == [english.title, welsh.title]
    assert [item["title"] for item in client.get("/api/v1/ideas?q=plants").get_json()["items"]] \
        == [english.title]


def test_similar_ideas_treat_welsh_alike(app, plants):
    welsh, english = plants
    with app.test_request_context():
        assert [idea.id for idea in search.similar_ideas("plants for the library")] \
            == [english.id]
        assert {idea.id for idea in search.similar_ideas("plant")} == {welsh.id, english.id}


def test_changing_the_language_reindexes_the_idea(app, factory, client, area, rosa, resident,
                                                  welsh_offered):
    idea_id = new_idea_id(rosa.post("/ideas/new", idea_form(
        area, title="Planting trees", description="Volunteers could help.", language="en")))
    assert titles(client.get("/ideas?q=plants")) == ["Planting trees"]

    assert rosa.post(f"/ideas/{idea_id}/edit", idea_form(
        area, title="Planting trees", description="Volunteers could help.",
        language="cy")).status_code == 302
    assert titles(client.get("/ideas?q=plants")) == []
    assert titles(client.get("/ideas?q=planting")) == ["Planting trees"]

    assert rosa.post(f"/ideas/{idea_id}/edit", idea_form(
        area, title="Planting trees", description="Volunteers could help.",
        language="en")).status_code == 302
    assert titles(client.get("/ideas?q=plants")) == ["Planting trees"]


def test_a_deleted_welsh_idea_leaves_the_index(app, client, plants):
    welsh, english = plants
    with app.app_context():
        db.session.execute(delete(Idea).where(Idea.id == welsh.id))
        db.session.commit()
    assert titles(client.get("/ideas?q=llyfrgell")) == []
    assert titles(client.get("/ideas?q=plant")) == [english.title]
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            # An external-content index told to delete what it never held is corrupt.
            db.session.execute(text(
                "INSERT INTO idea_cy_fts(idea_cy_fts) VALUES ('integrity-check')"))
            db.session.execute(text(
                "INSERT INTO idea_fts(idea_fts) VALUES ('integrity-check')"))


def test_hidden_welsh_ideas_are_not_found(app, client, plants):
    welsh, _english = plants
    with app.app_context():
        db.session.execute(update(Idea).where(Idea.id == welsh.id)
                           .values(hidden_at=utcnow(), hidden_reason="spam"))
        db.session.commit()
    assert titles(client.get("/ideas?q=llyfrgell")) == []


# --- the migration -----------------------------------------------------------

def test_the_migration_marks_existing_rows_english_and_goes_down_again(tmp_path):
    app = create_app({"ENV_NAME": "testing",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'language.db'}"})

    def found(word):
        return db.session.execute(text(
            "SELECT rowid FROM idea_fts WHERE idea_fts MATCH :q ORDER BY rowid"), {"q": word}
        ).scalars().all()

    with app.app_context():
        upgrade()
        now = utcnow()
        user = User(email="a@example.test", display_name="Ann", password_hash="x", role="resident")
        area = ServiceArea(name="Parks", description="")
        db.session.add_all([user, area])
        db.session.flush()
        for title, language in (("Plant trees", "en"), ("Cornel i blant", "cy")):
            db.session.add(Idea(title=title, description="plant", service_area_id=area.id,
                                author_id=user.id, language=language, created_at=now,
                                updated_at=now))
        db.session.commit()
        assert found("plants") == [1]
        db.session.remove()

        # Down, the Welsh idea joins the one porter index there was.
        downgrade(revision="0018")
        assert found("plants") == [1, 2]
        db.session.execute(text("INSERT INTO idea_fts(idea_fts) VALUES ('integrity-check')"))
        db.session.remove()

        # Up, every row there was is in English, as it was written before.
        upgrade()
        assert db.session.execute(text("SELECT DISTINCT language FROM idea")).scalars().all() \
            == ["en"]
        assert found("plants") == [1, 2]
        db.session.execute(text("UPDATE idea SET language = 'cy' WHERE id = 2"))
        assert found("plants") == [1]
        db.session.commit()
        db.engine.dispose()
