"""Finding ideas and proposals by the words in them: /search, /ideas?q=,
/proposals?q= and the API's q, on whichever database the suite runs on."""
import re
from datetime import timedelta

import pytest
from helpers import text_of

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Proposal

HOSTILE = [
    "", "   ", "!!!", '"', '""', "'", "''", "a'b", 'say "hi', "AND", "OR", "NOT", "NEAR",
    "AND OR NOT NEAR", "NEAR(library sunday, 2)", "*", "library*", "^library", "title:library",
    "title : library", "{title description}: library", "library -sunday", "(library", "library)",
    "a & b | !c", "'library':*", "<->", "\\", "%", "_", "\x00", "library\x00sunday", "x" * 5000,
    "library " * 300, "²³", "🙂 library", "ŀ", "<script>alert(1)</script>",
]


def titles(response):
    """The idea and proposal titles on a page, in order."""
    return re.findall(r'<h3[^>]*id="(?:idea|proposal)-\d+-title"><a [^>]*>([^<]*)</a>', text_of(response))


def api_titles(response):
    return [item["title"] for item in response.get_json()["items"]]


def make_proposal(app, author, area, title, status="open_for_feedback", **fields):
    values = dict(problem="Problem", proposed_change="Change", expected_benefits="Benefits",
                  who_it_affects="Everyone", cost_band="unknown", responsible_team="Team",
                  decision_due=utcnow().date() + timedelta(days=10))
    values.update(fields)
    with app.app_context():
        proposal = Proposal(title=title, service_area_id=area.id, status=status,
                            created_by_id=author.id, **values)
        db.session.add(proposal)
        db.session.commit()
        return proposal.id


@pytest.fixture
def library(factory, author):
    return factory.idea(author=author, title="Open the central library on Sunday afternoons",
                        description="Families and people who work all week need it.")


def test_search_finds_ideas_by_words_in_the_title_or_the_description(client, factory, library):
    factory.idea(title="Fix the potholes on Mill Lane", description="Cyclists fall off.")
    factory.idea(title="More bins in the park", description="Near the **library** they overflow.")

    found = titles(client.get("/search?q=library"))

    assert set(found) == {library.title, "More bins in the park"}
    assert titles(client.get("/search?q=cyclists")) == ["Fix the potholes on Mill Lane"]


def test_every_word_must_match(client, factory, library):
    factory.idea(title="Sunday markets", description="On the square.")

    assert set(titles(client.get("/ideas?q=sunday"))) == {library.title, "Sunday markets"}
    assert titles(client.get("/ideas?q=central+sunday")) == [library.title]
    assert titles(client.get("/ideas?q=sunday+glasshouse")) == []


def test_words_are_matched_by_their_stem_and_small_words_are_ignored(client, library):
    assert titles(client.get("/ideas?q=libraries+opening")) == [library.title]
    assert titles(client.get("/ideas?q=the+library+is+open")) == [library.title]
    assert titles(client.get("/ideas?q=libr")) == []


def test_a_title_match_ranks_above_a_description_only_match(client, factory):
    older = factory.idea(title="Bins on the high street",
                         description="Put **benches** beside them, and benches by the bus stop.")
    newer = factory.idea(title="Benches by the river", description="Shade too.")
    assert older.id < newer.id

    assert titles(client.get("/search?q=benches")) == [newer.title, older.title]
    # Whatever the order of the rows in the table.
    older_title = factory.idea(title="Benches in the square", description="Old ones broke.")
    newest_description = factory.idea(title="Street trees", description="And benches under them.")
    found = titles(client.get("/ideas?q=bench"))
    assert found.index(older_title.title) < found.index(newest_description.title)
    assert found.index(newer.title) < found.index(older.title)


def test_search_combines_with_the_filters(client, factory, author):
    parks, roads = factory.area("Parks"), factory.area("Roads")
    challenge = factory.challenge(area=parks)
    in_parks = factory.idea(author=author, area=parks, title="Lights in the park",
                            challenge_id=challenge.id)
    factory.idea(author=author, area=roads, title="Lights on the road")
    answered = factory.idea(author=author, area=parks, title="Lights by the lake",
                            status="under_review")

    assert set(titles(client.get("/ideas?q=lights"))) == {
        in_parks.title, "Lights on the road", answered.title}
    assert set(titles(client.get(f"/ideas?q=lights&area={parks.id}"))) == {
        in_parks.title, answered.title}
    assert titles(client.get(f"/ideas?q=lights&challenge={challenge.id}")) == [in_parks.title]
    assert titles(client.get("/ideas?q=lights&status=under_review")) == [answered.title]


def test_the_ideas_list_sorts_a_search_by_relevance_unless_asked_otherwise(client, factory):
    title_match = factory.idea(title="Skatepark by the station", description="Ramps.")
    popular = factory.idea(title="Youth club", description="Next to a **skatepark**.")
    factory.support(popular, factory.user(), factory.user())

    page = client.get("/ideas?q=skatepark")
    assert titles(page) == [title_match.title, popular.title]
    assert re.search(r'<option value="relevance"\s+selected>', text_of(page))

    page = client.get("/ideas?q=skatepark&sort=supported")
    assert titles(page) == [popular.title, title_match.title]
    assert re.search(r'<option value="supported"\s+selected>', text_of(page))
    assert 'value="skatepark"' in text_of(page)


def test_the_pages_of_a_search_keep_the_words(app, client, factory):
    app.config["IDEAS_PER_PAGE"], per_page = 2, app.config["IDEAS_PER_PAGE"]
    try:
        for n in range(3):
            factory.idea(title=f"Composting bins, number {n}")
        page = text_of(client.get("/ideas?q=composting"))
        assert "3 ideas match" in page
        next_link = re.search(r'href="([^"]+)" rel="next"', page).group(1)
        assert "q=composting" in next_link and "page=2" in next_link
        second = client.get(next_link.replace("&amp;", "&"))
        assert len(titles(second)) == 1 and "3 ideas match" in text_of(second)
        api = client.get("/api/v1/ideas?q=composting").get_json()
        assert api["total"] == 3 and "q=composting" in api["next"]
        # A page past the last match still says how many there are.
        past = client.get("/api/v1/ideas?q=composting&page=5").get_json()
        assert past["total"] == 3 and past["total_is"] == "exact" and past["items"] == []
        assert client.get("/api/v1/ideas?q=nosuchword").get_json()["total"] == 0
    finally:
        app.config["IDEAS_PER_PAGE"] = per_page


def test_hidden_ideas_are_never_found_and_come_back_when_restored(client, moderator, library):
    assert titles(client.get("/search?q=library")) == [library.title]

    moderator.post(f"/moderation/ideas/{library.id}/hide",
                   data={"reason": "off_topic", "note": "Not about a service"})

    assert titles(client.get("/search?q=library")) == []
    assert titles(client.get("/ideas?q=library")) == []
    assert client.get("/api/v1/ideas?q=library").get_json()["items"] == []
    assert client.get("/ideas/similar?title=central+library").get_json()["items"] == []

    moderator.post(f"/moderation/ideas/{library.id}/restore", data={"note": "Fine after all"})

    assert titles(client.get("/search?q=library")) == [library.title]


def test_an_edited_idea_is_found_by_its_new_words_only(client, factory, browser_for, author,
                                                       library):
    ada = browser_for(author)
    response = ada.post(f"/ideas/{library.id}/edit", data={
        "title": "Open the swimming pool on Sunday mornings",
        "description": "Lane swimming before church.",
        "service_area": str(library.service_area_id), "challenge": "", "place": ""})
    assert response.status_code == 302

    assert titles(client.get("/search?q=library")) == []
    assert titles(client.get("/search?q=families")) == []
    assert titles(client.get("/search?q=swimming")) == ["Open the swimming pool on Sunday mornings"]
    assert titles(client.get("/search?q=church")) == ["Open the swimming pool on Sunday mornings"]


def test_a_merged_duplicate_is_still_found_and_labelled(client, factory, staff, library):
    copy = factory.idea(title="Sunday opening for the central library")
    response = staff.post(f"/staff/ideas/{copy.id}/merge",
                          {"target": str(library.id), "response": "Same idea as another."})
    assert response.status_code == 302

    page = client.get("/ideas?q=library")

    assert set(titles(page)) == {library.title, copy.title}
    card = text_of(page).split(f'id="idea-{copy.id}-title"')[1].split("</article>")[0]
    assert "Duplicate" in card


def test_proposals_are_found_by_any_of_their_texts(app, client, factory, author):
    area = factory.area()
    by_title = make_proposal(app, author, area, "Sunday opening for libraries")
    by_problem = make_proposal(app, author, area, "Weekend hours",
                               problem="The library is shut when people are free.")
    by_change = make_proposal(app, author, area, "Staffing", proposed_change="Hire library staff.")
    by_benefits = make_proposal(app, author, area, "Reading", expected_benefits="Library visits.")
    make_proposal(app, author, area, "Potholes", problem="Roads are bad.")
    make_proposal(app, author, area, "Library draft", status="draft")

    page = client.get("/search?q=library")
    assert titles(page)[0] == "Sunday opening for libraries"
    assert set(titles(page)) == {"Sunday opening for libraries", "Weekend hours", "Staffing",
                                 "Reading"}
    listed = client.get("/proposals?q=library")
    assert titles(listed)[0] == "Sunday opening for libraries" and len(titles(listed)) == 4
    assert "most relevant first" in text_of(listed)
    api = client.get("/api/v1/proposals?q=library").get_json()
    assert {item["id"] for item in api["items"]} == {by_title, by_problem, by_change, by_benefits}
    assert api["total"] == 4


def test_draft_proposals_are_found_by_staff_only(app, client, factory, staff, author):
    area = factory.area()
    make_proposal(app, author, area, "Library draft", status="draft")

    assert titles(client.get("/proposals?q=library")) == []
    assert titles(client.get("/search?q=library")) == []
    assert client.get("/api/v1/proposals?q=library").get_json()["items"] == []
    assert titles(staff.get("/proposals?q=library")) == ["Library draft"]
    assert titles(staff.get("/search?q=library")) == ["Library draft"]


def test_proposal_filters_apply_to_a_search(app, client, factory, author):
    parks, roads = factory.area("Parks"), factory.area("Roads")
    make_proposal(app, author, parks, "Lights in parks")
    make_proposal(app, author, roads, "Lights on roads", status="approved")

    assert titles(client.get(f"/proposals?q=lights&area={parks.id}")) == ["Lights in parks"]
    assert titles(client.get("/proposals?q=lights&status=approved")) == ["Lights on roads"]


def test_the_api_takes_q(client, factory, library):
    factory.idea(title="Potholes", description="Deep ones.")

    data = client.get("/api/v1/ideas?q=library").get_json()

    assert [item["id"] for item in data["items"]] == [library.id]
    assert data["total"] == 1 and data["sort"] == "relevance"
    assert client.get("/api/v1/ideas?q=library&sort=newest").get_json()["sort"] == "newest"
    assert len(client.get("/api/v1/ideas").get_json()["items"]) == 2


def test_the_search_page_links_to_the_full_lists(app, client, factory, author, library):
    make_proposal(app, author, factory.area(), "A central library for the east")

    page = text_of(client.get("/search?q=central+library"))

    assert 'href="/ideas?q=central+library"' in page
    assert 'href="/proposals?q=central+library"' in page
    assert "<title>“central library”: search" in page


def test_an_empty_search_page_shows_the_form(client, library):
    page = client.get("/search")
    assert page.status_code == 200
    assert titles(page) == []
    assert '<input class="govuk-input" type="search" id="q" name="q"' in text_of(page)


@pytest.mark.parametrize("query", HOSTILE)
def test_any_typed_text_gives_a_page_never_an_error(client, factory, query):
    factory.idea(title="Open the central library on Sunday afternoons")
    for path, name in (("/search", "q"), ("/ideas", "q"), ("/proposals", "q"),
                       ("/api/v1/ideas", "q"), ("/api/v1/proposals", "q"),
                       ("/ideas/similar", "title")):
        response = client.get(path, query_string={name: query})
        assert response.status_code == 200, (path, query)
    assert "<script>alert" not in client.get("/search", query_string={"q": query}).get_data(True)


def test_typed_text_is_cut_to_200_characters(client, factory):
    factory.idea(title="Zebra crossings")
    long_query = "a" * 199 + " zebra"
    page = text_of(client.get("/search", query_string={"q": long_query}))
    assert titles(client.get("/search", query_string={"q": long_query})) == []
    assert "zebra" not in page.split("</form>")[0].split('name="q"')[1]
