"""The read-only JSON API: the same ideas as the site, nothing private."""
import json
import re
from datetime import timedelta

import pytest
from helpers import csrf_token, sign_in

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import User

IDEA_FIELDS = {
    "id", "title", "description", "description_html", "service_area", "challenge", "status",
    "vote_count", "support_count", "comment_count", "author", "created_at", "url",
}


@pytest.fixture
def many_ideas(factory):
    """45 ideas in two areas, with differing supports, comments and ages."""
    author, parks, roads = factory.user(), factory.area("Parks"), factory.area("Roads")
    now = utcnow()
    return [
        factory.idea(author=author, area=parks if n % 3 else roads, title=f"Idea number {n}",
                     support_count=(n * 7) % 11, comment_count=(n * 5) % 4,
                     created_at=now - timedelta(hours=(n * 13) % 45))
        for n in range(45)
    ]


def follow(client, url):
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200 and response.is_json
        pages.append(response.get_json())
        url = pages[-1]["next"]
        assert len(pages) < 10, "next links never end"
    return pages


def test_next_links_walk_every_idea_once(client, many_ideas):
    pages = follow(client, "/api/v1/ideas")
    assert [len(page["items"]) for page in pages] == [20, 20, 5]
    assert [page["page"] for page in pages] == [1, 2, 3]
    assert all(page["total"] == 45 and page["per_page"] == 20 for page in pages)
    ids = [item["id"] for page in pages for item in page["items"]]
    assert sorted(ids) == sorted(idea.id for idea in many_ideas)
    assert pages[-1]["next"] is None and pages[0]["prev"] is None


def test_next_links_keep_filters_and_sort(client, many_ideas):
    roads = many_ideas[0].service_area_id
    expected = {idea.id for idea in many_ideas if idea.service_area_id == roads}
    pages = follow(client, f"/api/v1/ideas?area={roads}&sort=supported")
    items = [item for page in pages for item in page["items"]]
    assert {item["id"] for item in items} == expected and len(items) == len(expected)
    assert all(page["total"] == len(expected) for page in pages)
    supports = [item["vote_count"] for item in items]
    assert supports == sorted(supports, reverse=True)


def page_ids(client, query):
    html = client.get(f"/ideas?{query}").get_data(as_text=True)
    return [int(i) for i in re.findall(r'id="idea-(\d+)-title"', html)]


@pytest.mark.parametrize("query", [
    "sort=supported", "sort=newest", "sort=discussed", "sort=trending",
    "sort=newest&page=2", "sort=supported&area={area}", "sort=random",
])
def test_same_ideas_in_the_same_order_as_the_page(client, many_ideas, query):
    query = query.format(area=many_ideas[1].service_area_id)
    with client.session_transaction() as session:
        session["shuffle"] = 7  # the visitor's shuffle, given to the API as seed
    api = client.get(f"/api/v1/ideas?{query}&seed=7").get_json()
    assert [item["id"] for item in api["items"]] == page_ids(client, query)
    assert api["items"]


def test_unusable_arguments_are_ignored(client, many_ideas):
    for query in ["seed=%C2%B2", "seed=" + "9" * 5000, "sort=nope", "area=abc", "area=%C2%B2",
                  "page=-1", "page=%C2%B2", "page=" + "9" * 5000]:
        response = client.get(f"/api/v1/ideas?{query}")
        assert response.status_code == 200, query
        assert response.get_json()["total"] == 45


def test_idea_fields(client, factory):
    challenge = factory.challenge(question="How might we keep parks clean?")
    idea = factory.idea(author=factory.user(name="Pat Park"), area=factory.area("Parks"),
                        title="Bins by the pond", description="More **bins**",
                        challenge_id=challenge.id, support_count=3)
    response = client.get(f"/api/v1/ideas/{idea.id}")
    assert response.status_code == 200 and response.is_json
    data = response.get_json()
    assert IDEA_FIELDS <= set(data)
    assert data["id"] == idea.id and data["title"] == "Bins by the pond"
    assert data["description"] == "More **bins**"
    assert data["description_html"] == "<p>More <strong>bins</strong></p>"
    assert data["service_area"]["name"] == "Parks"
    assert data["challenge"] == {"id": challenge.id, "question": "How might we keep parks clean?"}
    assert data["status"] == "published"
    assert data["vote_count"] == 3 and data["comment_count"] == 0
    assert data["support_count"] == data["vote_count"]  # the same count, by its new name
    assert data["author"] == "Pat Park"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", data["created_at"])
    assert data["url"] == f"http://localhost/ideas/{idea.id}"
    listed = client.get("/api/v1/ideas").get_json()["items"]
    assert listed == [data]


@pytest.mark.parametrize("query", ["", "sort=newest", "sort=trending", "q=pond",
                                   "sort=supported&status=published"])
def test_every_list_shows_each_idea_as_its_own_address_does(client, factory, query):
    """The lists read plain columns and the search reads objects: both give
    the fields the single idea gives, a challenge, a withdrawal and an
    author's new name among them."""
    challenge = factory.challenge(question="How might we keep parks clean?")
    author = factory.user(name="Pat Park")
    ideas = [factory.idea(author=author, area=factory.area(f"Area {n}"), title=f"Pond {n}",
                          challenge_id=challenge.id if n % 2 else None, place=f"Place {n}",
                          withdrawn_at=utcnow() if n == 2 else None, support_count=n)
             for n in range(4)]
    with factory.app.app_context():
        db.session.get(User, author.id).display_name = "Pat Pond"
        db.session.commit()
    listed = client.get(f"/api/v1/ideas?{query}").get_json()["items"]
    assert sorted(item["id"] for item in listed) == sorted(idea.id for idea in ideas)
    for item in listed:
        assert item == client.get(f"/api/v1/ideas/{item['id']}").get_json()
        assert item["author"] == "Pat Pond"
        assert item["url"] == f"http://localhost/ideas/{item['id']}"
    shown = {item["title"]: item for item in listed}
    assert shown["Pond 1"]["challenge"] == {"id": challenge.id,
                                            "question": "How might we keep parks clean?"}
    assert shown["Pond 0"]["challenge"] is None and shown["Pond 3"]["place"] == "Place 3"
    assert [shown[f"Pond {n}"]["withdrawn"] for n in range(4)] == [False, False, True, False]
    assert shown["Pond 3"]["service_area"]["name"] == "Area 3"


def test_no_private_field_in_any_response(app, factory, make_client, resident):
    author = factory.user(name="Sam Secret", email="sam.secret@example.test")
    idea = factory.idea(author=author)
    client = make_client()
    sign_in(client, resident)
    client.post(f"/ideas/{idea.id}/comments",
                data={"csrf_token": csrf_token(client, f"/ideas/{idea.id}"), "body": "Hi"})
    with app.app_context():
        from codesign.extensions import db
        secrets = [(u.email, u.password_hash, u.session_token)
                   for u in db.session.scalars(db.select(User))]
    bodies = [client.get(url).get_data(as_text=True) for url in [
        "/api/v1/ideas", f"/api/v1/ideas/{idea.id}", f"/api/v1/ideas/{idea.id}/comments",
        "/api/v1/ideas/999999", "/api/v1/nowhere",
    ]]
    assert "Sam Secret" in bodies[1] and "Hi" in bodies[2]
    for body in bodies:
        assert not re.search(r"email|password|session_token", body)
        for values in secrets:
            for value in values:
                assert value not in body


def test_hidden_ideas_are_absent(client, factory):
    shown = factory.idea(title="Shown")
    hidden = factory.idea(title="Hidden one", hidden_at=utcnow())
    listing = client.get("/api/v1/ideas").get_json()
    assert [item["id"] for item in listing["items"]] == [shown.id] and listing["total"] == 1
    for url in [f"/api/v1/ideas/{hidden.id}", f"/api/v1/ideas/{hidden.id}/comments"]:
        response = client.get(url)
        assert response.status_code == 404 and response.is_json
        assert "Hidden one" not in response.get_data(as_text=True)


def test_comments_with_deleted_ones_blanked(client, factory, resident_client):
    idea = factory.idea()
    token = csrf_token(resident_client, f"/ideas/{idea.id}")

    def post(body, parent=None):
        data = {"csrf_token": token, "body": body, "parent_id": parent or ""}
        location = resident_client.post(f"/ideas/{idea.id}/comments", data=data).headers["Location"]
        return int(location.rsplit("-", 1)[1])

    first = post("First *point*")
    reply = post("A reply", first)
    resident_client.post(f"/ideas/{idea.id}/comments/{first}/delete", data={"csrf_token": token})
    response = client.get(f"/api/v1/ideas/{idea.id}/comments")
    assert response.status_code == 200 and response.is_json
    data = response.get_json()
    assert data["idea_id"] == idea.id
    deleted, answer = data["items"]
    assert deleted["id"] == first and deleted["deleted"] is True
    assert deleted["body"] is None and deleted["body_html"] is None and deleted["author"] is None
    assert "First" not in json.dumps(data)
    assert answer["id"] == reply and answer["parent_id"] == first and answer["depth"] == 1
    assert answer["body"] == "A reply" and answer["body_html"] == "<p>A reply</p>"
    assert answer["author"] == "Rosa Resident" and answer["deleted"] is False


@pytest.mark.parametrize("url", [
    "/api/v1/ideas/999999", "/api/v1/ideas/999999/comments", "/api/v1/ideas/0",
    "/api/v1/ideas/abc", "/api/v1/ideas/99999999999", "/api/v1/nowhere",
])
def test_unknown_is_a_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404 and response.is_json
    assert response.get_json()["error"]["code"] == 404


def test_api_is_read_only(client, factory):
    idea = factory.idea()
    response = client.post(f"/api/v1/ideas/{idea.id}", json={"title": "Changed"})
    assert response.status_code in (400, 405) and response.is_json
    assert client.get(f"/api/v1/ideas/{idea.id}").get_json()["title"] == idea.title
