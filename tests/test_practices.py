"""Playbooks of pilots that worked, and /practices, the library of them:
written by staff as a draft, then published; the figures come from the
pilot; searched like ideas, filtered by service area, in pages."""
import practice_helpers
import pytest
from helpers import count, text_of
from pilot_helpers import approved_proposal, words
from practice_helpers import closed_pilot, playbook_form
from test_pilots import good_figures

from codesign.models import Playbook

# The shared fixtures (practice_helpers.py), by name.
published = practice_helpers.published
upload_folder = practice_helpers.upload_folder
worked = practice_helpers.worked


def test_staff_write_a_draft_playbook_only_staff_read_then_publish_it(app, client, staff, worked):
    pilot_id = worked[0]
    # No playbook yet: staff are sent to write one; anyone else finds nothing.
    assert staff.get(f"/pilots/{pilot_id}/playbook").headers["Location"].endswith(
        f"/pilots/{pilot_id}/playbook/edit")
    assert client.get(f"/pilots/{pilot_id}/playbook").status_code == 404
    form = staff.get(f"/pilots/{pilot_id}/playbook/edit")
    assert 'value="Same-day repairs at Northside"' in text_of(form)  # the title starts as the pilot's
    response = staff.post(f"/pilots/{pilot_id}/playbook/edit", data=playbook_form(state="draft"))
    assert response.status_code == 302
    assert client.get(f"/pilots/{pilot_id}/playbook").status_code == 404
    page = words(staff.get(f"/pilots/{pilot_id}/playbook"))
    assert "Draft: only staff can read this playbook" in page
    assert "Train two repairers in a second trade." in page and "£2,400 for training" in page
    staff.post(f"/pilots/{pilot_id}/playbook/edit", data=playbook_form())
    page = words(client.get(f"/pilots/{pilot_id}/playbook"))
    assert "Same-day repairs, the playbook" in page and "Housing repairs team" in page
    assert "Parts ran out in week three" in page and "Draft" not in page
    # The figures are the pilot's own result, not typed: 15 points better, with its interval.
    assert "+15.0 percentage points (95% interval" in page
    assert "Worked once, not yet repeated" in page
    assert count(app, Playbook) == 1


def test_the_pilot_page_links_its_playbook(client, staff, published):
    pilot_id = published[0]
    page = words(client.get(f"/pilots/{pilot_id}"))
    assert "Read the playbook: how to repeat it" in page
    assert "Worked once, not yet repeated" in page
    assert "Adopt this" not in page
    assert "Adopt this" in words(staff.get(f"/pilots/{pilot_id}"))


@pytest.mark.parametrize("verdict", ["did_not_work", "too_early"])
def test_only_a_pilot_that_worked_has_a_playbook(app, factory, staff, verdict):
    proposal_id, _idea, area = approved_proposal(app, factory)
    pilot_id = closed_pilot(app, staff, proposal_id, area, verdict=verdict)
    response = staff.post(f"/pilots/{pilot_id}/playbook/edit", data=playbook_form())
    assert response.status_code == 302
    assert "Only a pilot that closed as “worked” has a playbook." in text_of(
        staff.get(f"/pilots/{pilot_id}"))
    assert "Write the playbook" not in words(staff.get(f"/pilots/{pilot_id}"))
    assert count(app, Playbook) == 0


@pytest.mark.parametrize("changes, field, message", [
    ({"steps": ""}, "steps", "Say what was done, step by step"),
    ({"contact_team": ""}, "contact_team", "Name the team to contact"),
    ({"setup_cost": "x" * 201}, "setup_cost", "Keep this to 200 characters or fewer"),
    ({"state": "shouting"}, "state", "Choose draft or published"),
])
def test_a_bad_playbook_is_explained_beside_the_field_and_keeps_what_was_typed(
        app, staff, worked, changes, field, message):
    response = staff.post(f"/pilots/{worked[0]}/playbook/edit", data=playbook_form(**changes))
    assert response.status_code == 422
    page = text_of(response)
    assert f'id="{field}-error"' in page and message in page
    assert 'value="Housing repairs team"' in page or field == "contact_team"
    assert count(app, Playbook) == 0


def test_practices_lists_published_playbooks_with_effect_and_cost(app, client, staff, published):
    page = words(client.get("/practices"))
    assert "1 practice" in page and "Same-day repairs, the playbook" in page
    assert "Worked" in page and "+15.0 percentage points" in page
    assert "To set up: £2,400 for training. To run: £150 a month." in page


def test_practices_are_searched_like_ideas_and_filtered_by_area(app, client, factory, staff,
                                                                published):
    area = published[3]
    assert "1 practice" in words(client.get("/practices?q=repairer"))  # the stem of "repairers"
    assert "0 practices" in words(client.get("/practices?q=library"))
    assert "1 practice" in words(client.get(f"/practices?area={area.id}"))
    other = factory.area("Libraries")
    assert "0 practices" in words(client.get(f"/practices?area={other.id}"))
    # Operators and quotes are only searched for.
    assert client.get('/practices?q="repair" OR NEAR(').status_code == 200


def test_a_draft_is_not_in_the_library(client, staff, worked):
    staff.post(f"/pilots/{worked[0]}/playbook/edit", data=playbook_form(state="draft"))
    assert "0 practices" in words(client.get("/practices"))
    assert "0 practices" in words(client.get("/practices?q=repairer"))


def test_the_library_is_paginated(app, factory, staff, monkeypatch):
    from codesign.practices import queries
    monkeypatch.setattr(queries, "PER_PAGE", 1)
    proposal_id, _idea, area = approved_proposal(app, factory)
    for number in range(2):  # a proposal may have several pilots
        pilot_id = closed_pilot(app, staff, proposal_id, area, figures=good_figures())
        staff.post(f"/pilots/{pilot_id}/playbook/edit",
                   data=playbook_form(title=f"Playbook number {number}"))
    first = words(staff.get("/practices"))
    assert "2 practices" in first and "Next page" in first
    second = words(staff.get("/practices?page=2"))
    assert "Previous page" in second and "Playbook number 0" in second
