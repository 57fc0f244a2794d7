"""Staff download every idea or proposal as CSV or JSON, with the same
filters as the public pages, safe to open in a spreadsheet."""
import csv
import io
import json
from datetime import date, timedelta

import pytest
from helpers import sign_in

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Proposal
from codesign.staff import queries

IDEA_HEADER = ["id", "title", "service_area", "challenge", "status", "vote_count",
               "comment_count", "author", "created_at", "ready_for_review_at",
               "duplicate_of_id", "proposal_id", "url"]
PROPOSAL_HEADER = ["id", "title", "status", "service_area", "responsible_team", "cost_band",
                   "decision_due", "created_at", "source_ideas", "url"]
EXPORTS = ["/staff/exports/ideas.csv", "/staff/exports/ideas.json",
           "/staff/exports/proposals.csv", "/staff/exports/proposals.json"]


@pytest.fixture
def staff(make_client, factory):
    client = make_client()
    sign_in(client, factory.user(role="staff"))
    return client


def csv_rows(response):
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def as_dicts(response):
    header, *rows = csv_rows(response)
    return [dict(zip(header, row, strict=False)) for row in rows]


def proposal(app, area, author, **values):
    fields = dict(title="Light the towpath", problem="Dark", proposed_change="Lamps",
                  expected_benefits="Safety", who_it_affects="Walkers", cost_band="under_10k",
                  service_area_id=area.id, responsible_team="Parks team",
                  decision_due=date(2031, 3, 31), status="open_for_feedback",
                  created_by_id=author.id)
    fields.update(values)
    with app.app_context():
        row = Proposal(**fields)
        db.session.add(row)
        db.session.commit()
        return row.id


def test_every_idea_is_in_the_csv_not_just_one_page(app, factory, staff, monkeypatch):
    monkeypatch.setattr(queries, "EXPORT_BATCH", 7)  # several batches, one exactly full
    area, author = factory.area(), factory.user()
    ids = [factory.idea(author=author, area=area).id for _ in range(21)]
    hidden = factory.idea(author=author, area=area, hidden_at=utcnow(), hidden_reason="spam")

    response = staff.get("/staff/exports/ideas.csv")

    header, *rows = csv_rows(response)
    assert header == IDEA_HEADER
    assert [int(row[0]) for row in rows] == ids
    assert hidden.id not in [int(row[0]) for row in rows]
    assert response.headers["Content-Disposition"] == 'attachment; filename="ideas.csv"'


def test_an_idea_row_holds_what_staff_need(app, factory, staff):
    area = factory.area(name="Waterways")
    challenge = factory.challenge(area=area, question="How might we use the canal?")
    author = factory.user(name="Ada Author")
    target = factory.idea(area=area)
    ready = utcnow() - timedelta(days=2)
    idea = factory.idea(author=author, area=area, title="Canal lights", challenge_id=challenge.id,
                        status="duplicate", duplicate_of_id=target.id, support_count=3,
                        comment_count=2, ready_for_review_at=ready)

    row = next(r for r in as_dicts(staff.get("/staff/exports/ideas.csv")) if r["id"] == str(idea.id))

    assert row == {
        "id": str(idea.id), "title": "Canal lights", "service_area": "Waterways",
        "challenge": "How might we use the canal?", "status": "duplicate", "vote_count": "3",
        "comment_count": "2", "author": "Ada Author",
        "created_at": idea.created_at.isoformat() + "Z",
        "ready_for_review_at": ready.isoformat() + "Z",
        "duplicate_of_id": str(target.id), "proposal_id": "",
        "url": f"http://localhost/ideas/{idea.id}",
    }


def test_the_json_has_the_same_rows_with_types(app, factory, staff):
    area = factory.area(name="Parks")
    idea = factory.idea(area=area, title="Benches", support_count=4)

    response = staff.get("/staff/exports/ideas.json")

    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="ideas.json"'
    (item,) = json.loads(response.get_data(as_text=True))
    assert list(item) == IDEA_HEADER
    assert (item["id"], item["title"], item["vote_count"], item["challenge"]) == (
        idea.id, "Benches", 4, None)
    assert item["service_area"] == "Parks"


def test_the_idea_exports_take_the_ideas_page_filters(app, factory, staff):
    parks, roads = factory.area(), factory.area()
    challenge = factory.challenge(area=parks)
    wanted = factory.idea(area=parks, challenge_id=challenge.id, status="under_review")
    factory.idea(area=parks, challenge_id=challenge.id)                  # other status
    factory.idea(area=parks, status="under_review")                      # no challenge
    factory.idea(area=roads, challenge_id=challenge.id, status="under_review")  # other area
    query = f"?area={parks.id}&challenge={challenge.id}&status=under_review"

    assert [r["id"] for r in as_dicts(staff.get("/staff/exports/ideas.csv" + query))] == [str(wanted.id)]
    items = json.loads(staff.get("/staff/exports/ideas.json" + query).get_data(as_text=True))
    assert [item["id"] for item in items] == [wanted.id]
    assert len(as_dicts(staff.get("/staff/exports/ideas.csv?status=nonsense&area=x"))) == 4


@pytest.mark.parametrize("title", ["=HYPERLINK(\"http://evil.test\")", "+1+1", "-2+3", "@SUM(A1)",
                                   "\tcmd"])
def test_cells_that_look_like_formulas_are_made_text(app, factory, staff, title):
    author = factory.user(name="=cmd|' /C calc'!A0")
    idea = factory.idea(author=author, title=title)

    (row,) = as_dicts(staff.get("/staff/exports/ideas.csv"))

    assert row["title"] == "'" + title
    assert row["author"] == "'=cmd|' /C calc'!A0"
    items = json.loads(staff.get("/staff/exports/ideas.json").get_data(as_text=True))
    assert items[0]["title"] == title and items[0]["id"] == idea.id


def test_proposals_export_counts_their_source_ideas_and_filters(app, factory, staff):
    parks, roads = factory.area(name="Parks"), factory.area(name="Roads")
    author = factory.user()
    lit = proposal(app, parks, author, title="=Light the towpath")
    draft = proposal(app, roads, author, title="Resurface", status="draft", cost_band="over_250k")
    for _ in range(2):
        factory.idea(area=parks, status="promoted", proposal_id=lit)

    rows = as_dicts(staff.get("/staff/exports/proposals.csv"))

    assert list(rows[0]) == PROPOSAL_HEADER
    by_id = {int(row["id"]): row for row in rows}
    assert set(by_id) == {lit, draft}  # staff see drafts too
    assert by_id[lit] == {
        "id": str(lit), "title": "'=Light the towpath", "status": "open_for_feedback",
        "service_area": "Parks", "responsible_team": "Parks team", "cost_band": "under_10k",
        "decision_due": "2031-03-31", "created_at": by_id[lit]["created_at"],
        "source_ideas": "2", "url": f"http://localhost/proposals/{lit}",
    }
    assert by_id[draft]["source_ideas"] == "0"
    filtered = as_dicts(staff.get(f"/staff/exports/proposals.csv?status=draft&area={roads.id}"))
    assert [int(row["id"]) for row in filtered] == [draft]
    assert as_dicts(staff.get("/staff/exports/proposals.csv?status=approved")) == []

    response = staff.get(f"/staff/exports/proposals.json?area={parks.id}")
    assert response.headers["Content-Disposition"] == 'attachment; filename="proposals.json"'
    (item,) = json.loads(response.get_data(as_text=True))
    assert list(item) == PROPOSAL_HEADER
    assert (item["id"], item["source_ideas"], item["title"]) == (lit, 2, "=Light the towpath")


def test_an_empty_export_is_still_well_formed(staff):
    assert csv_rows(staff.get("/staff/exports/ideas.csv")) == [IDEA_HEADER]
    assert json.loads(staff.get("/staff/exports/proposals.json").get_data(as_text=True)) == []


@pytest.mark.parametrize("path", EXPORTS)
def test_only_staff_may_download(app, factory, make_client, path):
    factory.idea(title="Private to staff exports")
    anonymous = make_client().get(path)
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/auth/login")
    for role in ("resident", "moderator"):
        client = make_client()
        sign_in(client, factory.user(role=role))
        response = client.get(path)
        assert response.status_code == 403
        assert "Private to staff" not in response.get_data(as_text=True)
    admin = make_client()
    sign_in(admin, factory.user(role="admin"))
    assert admin.get(path).status_code == 200


def test_the_dashboard_links_to_every_download(staff):
    page = staff.get("/staff").get_data(as_text=True)
    section = page[page.index('<section id="downloads"'):]
    for path in EXPORTS:
        assert f'"{path}"' in section
