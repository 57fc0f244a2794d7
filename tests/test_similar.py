"""Similar ideas shown while a resident writes a new one, so they can support
an existing idea instead of posting it again: as JSON for the page's script,
and without JavaScript through the "Check for similar ideas" button."""
import re

import pytest
from helpers import count, text_of

from codesign.clock import utcnow
from codesign.models import Idea, Support

DUPLICATE_TITLE = "Sunday opening for the central library"


@pytest.fixture
def library(factory, author):
    return factory.idea(author=author, title="Open the central library on Sunday afternoons",
                        description="Families and people who work all week need it.")


@pytest.fixture
def others(factory):
    """Ideas sharing a word or two with the duplicate's title, and one sharing none."""
    return [
        factory.idea(title="Central heating in the sports hall"),
        factory.idea(title="Sunday buses to the coast"),
        factory.idea(title="Library books by post", description="For people at home."),
        factory.idea(title="Potholes on Mill Lane"),
    ]


def similar(client, title):
    response = client.get("/ideas/similar", query_string={"title": title})
    assert response.status_code == 200
    return response.get_json()["items"]


def form_data(area_id, **changes):
    data = {"title": DUPLICATE_TITLE, "description": "We need it **open** on Sundays.",
            "service_area": str(area_id), "challenge": "", "place": "Central library"}
    data.update(changes)
    return data


def listed(response):
    """The titles in the similar ideas list of the new-idea form."""
    section = text_of(response).split('id="similar-ideas"')[1].split("<template")[0]
    return re.findall(r"data-similar-link>([^<]*)</a>", section)


def test_an_obvious_duplicate_is_listed_first(client, library, others):
    items = similar(client, DUPLICATE_TITLE)

    assert items[0]["id"] == library.id
    assert items[0]["title"] == library.title
    assert items[0]["url"] == f"/ideas/{library.id}"
    assert "Potholes on Mill Lane" not in [item["title"] for item in items]


def test_at_most_five_are_shown(client, factory):
    for n in range(7):
        factory.idea(title=f"Allotments by the canal, plot {n}")
    assert len(similar(client, "Allotments by the canal")) == 5


def test_only_ideas_that_take_support_are_shown(client, factory, library):
    factory.idea(title="The central library on Sundays", hidden_at=utcnow(), hidden_reason="spam")
    factory.idea(title="Central library Sunday hours", withdrawn_at=utcnow())
    factory.idea(title="Sunday central library", status="duplicate", duplicate_of_id=library.id)
    answered = factory.idea(title="Central library open Sundays", status="under_review")

    assert {item["id"] for item in similar(client, DUPLICATE_TITLE)} == {library.id, answered.id}


def test_small_words_alone_find_nothing(client, library):
    assert similar(client, "the and of for") == []
    assert similar(client, "") == []
    assert similar(client, "?!") == []


def test_the_json_offers_support_to_participants_only(client, browser_for, resident, library):
    assert similar(client, DUPLICATE_TITLE)[0]["support_url"] is None

    items = similar(browser_for(resident).client, DUPLICATE_TITLE)

    assert items[0]["support_url"] == f"/ideas/{library.id}/support"
    assert items[0]["summary"] == "0 supports"


def test_the_form_has_a_live_region_for_the_script(rosa, factory):
    factory.area()  # the site takes ideas (/ideas/new needs a service area)
    page = text_of(rosa.get("/ideas/new"))
    section = page.split('id="similar-ideas"')[1]
    assert 'data-similar-url="/ideas/similar"' in section.split(">")[0]
    assert 'aria-live="polite"' in section
    assert "<template data-similar-template>" in section


def test_checking_lists_similar_ideas_and_saves_nothing(app, rosa, library, others):
    area_id = library.service_area_id
    before = count(app, Idea)

    response = rosa.post("/ideas/new", data={**form_data(library.service_area_id), "check": "y"})

    assert response.status_code == 200
    assert count(app, Idea) == before
    assert listed(response)[0] == library.title
    page = text_of(response)
    assert f'value="{DUPLICATE_TITLE}"' in page
    assert "We need it **open** on Sundays.</textarea>" in page
    assert re.search(rf'<option value="{area_id}" selected>', page)
    assert "<title>Error:" not in page and "There is a problem" not in page


def test_checking_with_nothing_similar_says_so(rosa, factory, library):
    area = factory.area()
    response = rosa.post("/ideas/new", data={**form_data(area.id, title="Skateboard ramps"),
                                             "check": "y"})
    assert response.status_code == 200
    assert listed(response) == []
    assert "No similar ideas found" in text_of(response)


def test_checking_an_empty_form_asks_for_a_title_without_errors(rosa, factory):
    factory.area()  # the site takes ideas (/ideas/new needs a service area)
    response = rosa.post("/ideas/new", data={"check": "y"})
    assert response.status_code == 200
    assert "Type a title first" in text_of(response)
    assert "There is a problem" not in text_of(response)


def test_publishing_still_publishes(app, rosa, library):
    before = count(app, Idea)
    response = rosa.post("/ideas/new", data={**form_data(library.service_area_id), "submit": "y"})
    assert response.status_code == 302
    assert count(app, Idea) == before + 1


def test_enter_in_the_form_checks_rather_than_publishes(rosa, factory):
    """The first submit button is the one Enter presses: it must save nothing."""
    factory.area()  # the site takes ideas (/ideas/new needs a service area)
    form = text_of(rosa.get("/ideas/new")).split('<form method="post" novalidate>')[1]
    buttons = re.findall(r'<button type="submit"([^>]*)>', form)
    assert 'name="check"' in buttons[0]
    assert 'name="submit"' in buttons[-1]


def test_support_this_instead_supports_the_existing_idea(app, rosa, resident, library):
    response = rosa.post("/ideas/new", data={**form_data(library.service_area_id), "check": "y"})
    page = text_of(response)
    action = re.search(r'formaction="([^"]+)" data-similar-support>Support this instead', page)
    assert action and action.group(1) == f"/ideas/{library.id}/support"
    before = count(app, Idea)

    # The button posts the surrounding form (its CSRF token included) to that idea.
    supported = rosa.post(action.group(1), data=form_data(library.service_area_id))

    assert supported.status_code == 302
    assert supported.headers["Location"].endswith(f"/ideas/{library.id}#support")
    assert count(app, Support, user_id=resident.id, idea_id=library.id) == 1
    assert count(app, Idea) == before


def test_support_this_instead_needs_the_csrf_token(app, rosa, resident, library):
    response = rosa.client.post(f"/ideas/{library.id}/support", data=form_data(library.service_area_id))
    assert response.status_code == 400
    assert count(app, Support, user_id=resident.id) == 0


def test_editing_an_idea_has_no_check_step(browser_for, author, library):
    page = text_of(browser_for(author).get(f"/ideas/{library.id}/edit"))
    assert "Check for similar ideas" not in page
    assert 'id="similar-ideas"' not in page
