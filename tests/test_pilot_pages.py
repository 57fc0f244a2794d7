"""Pilots: bad input is explained beside its field and never a 500; CSV
files are imported whole or refused whole; open data and the CSV export;
the pages cost the same statements however many pilots or figures."""
import csv
import io

import pytest
from helpers import count, text_of
from pilot_helpers import HEADER, approved_proposal, card_form, words
from sqlalchemy import event, select
from test_pilots import good_figures, upload

from codesign.extensions import db
from codesign.models import Measurement, Pilot


@pytest.fixture
def area_and_proposal(app, factory):
    proposal_id, _idea, area = approved_proposal(app, factory)
    return area, proposal_id


def _pilot_id(app):
    with app.app_context():
        return db.session.scalar(select(Pilot.id).order_by(Pilot.id.desc()))


@pytest.fixture
def running(app, staff, area_and_proposal):
    area, proposal_id = area_and_proposal
    staff.post(f"/proposals/{proposal_id}/pilots/new", data=card_form(area.id))
    pilot_id = _pilot_id(app)
    staff.post(f"/pilots/{pilot_id}/start")
    return pilot_id


@pytest.mark.parametrize("changes, field, message", [
    ({"ends_on": "2029-12-01"}, "ends_on", "The end date must be after the start date"),
    ({"target": "-3"}, "target", "a number above 0"),
    ({"target": "NaN"}, "target", "Enter an ordinary number"),
    ({"baseline_value": "lots"}, "baseline_value", "Enter a number, such as 12.5"),
    ({"baseline_value": "140"}, "baseline_value", "give a percentage from 0 to 100"),
    ({"starts_on": "2030-02-31"}, "starts_on", "Enter the date as a real date"),
    ({"kind": "median"}, "kind", "Choose one of the options listed"),
    ({"change": ""}, "change", "Say what you will change"),
    # Kept to 6 decimal places (a proportion as a fraction), these would be kept as 0.
    ({"target": "0.00001"}, "target", "The target is too small to record"),
    ({"target": "5e-400"}, "target", "The target is too small to record"),
    ({"target": "9" * 40}, "target", "Enter an ordinary number"),
    ({"baseline_value": "1e12", "kind": "mean"}, "baseline_value", "Enter an ordinary number"),
])
def test_a_bad_card_is_explained_beside_the_field_and_keeps_what_was_typed(
        app, staff, area_and_proposal, changes, field, message):
    area, proposal_id = area_and_proposal
    response = staff.post(f"/proposals/{proposal_id}/pilots/new",
                          data=card_form(area.id, **changes))
    assert response.status_code == 422
    page = text_of(response)
    assert f'id="{field}-error"' in page and message in page
    assert 'value="Same-day repairs at Northside"' in page
    assert count(app, Pilot) == 0


@pytest.mark.parametrize("changes, field, message", [
    ({"n": "-5"}, "n", "Enter a whole number from 0 to"),
    ({"successes": "50"}, "successes", "There cannot be more successes than cases"),
    ({"period_end": "2029-12-01"}, "period_end", "cannot be before its start"),
    ({"successes": ""}, "successes", "Enter the number of successes"),
    ({"cost_per_case": "-1"}, "cost_per_case", "A cost cannot be negative"),
    ({"n": "many"}, "n", "Enter a whole number, such as 120"),
    # Beyond what the database keeps (to the penny, below 10**10): said, never a 500.
    ({"cost_per_case": "10000000000"}, "cost_per_case", "Enter a cost per case below"),
    ({"cost_per_case": "999999999.999"}, "cost_per_case", "Enter a cost per case below"),
    ({"cost_per_case": "NaN"}, "cost_per_case", "Enter an ordinary number"),
])
def test_bad_figures_are_explained_beside_the_field(app, staff, running, changes, field,
                                                    message):
    data = {"period_start": "2030-01-01", "period_end": "2030-01-31", "site": "pilot",
            "n": "40", "successes": "30", "cost_per_case": "", **changes}
    response = staff.post(f"/pilots/{running}/figures", data=data)
    assert response.status_code == 422
    page = text_of(response)
    assert f'id="{field}-error"' in page and message in page
    assert count(app, Measurement) == 0


def test_a_sd_without_a_mean_is_explained_for_a_mean_measure(app, staff, area_and_proposal):
    area, proposal_id = area_and_proposal
    staff.post(f"/proposals/{proposal_id}/pilots/new", data=card_form(
        area.id, kind="mean", better="lower", measure_unit="days", baseline_value="12",
        target="2"))
    pilot_id = _pilot_id(app)
    staff.post(f"/pilots/{pilot_id}/start")
    response = staff.post(f"/pilots/{pilot_id}/figures", data={
        "period_start": "2030-01-01", "period_end": "2030-01-31", "site": "pilot", "n": "40",
        "sd": "2.5"})
    assert response.status_code == 422
    assert "A standard deviation was given without a mean" in text_of(response)
    figures = HEADER + "2030-01-01,2030-01-31,pilot,40,,,2.5,\n"
    page = text_of(upload(staff, pilot_id, figures.encode()))
    assert "Line 2: sd is given without a mean." in page
    # Nonsense in the sd or mean is said beside the field, never a 500.
    for field, junk in (("sd", "NaN"), ("mean", "Infinity"), ("sd", "-inf"), ("mean", "1e12")):
        response = staff.post(f"/pilots/{pilot_id}/figures", data={
            "period_start": "2030-01-01", "period_end": "2030-01-31", "site": "pilot",
            "n": "40", "mean": "4", "sd": "2", field: junk})
        assert response.status_code == 422, (field, junk)
        assert f'id="{field}-error"' in text_of(response)
    figures = HEADER + "2030-01-01,2030-01-31,pilot,40,,999999999999.9999999,2,\n"
    assert "Line 2: mean is too large." in text_of(upload(staff, pilot_id, figures.encode()))
    assert count(app, Measurement) == 0


def test_a_bad_file_is_refused_whole_with_each_bad_line(app, staff, running):
    rows = HEADER + ("2030-01-01,2030-01-31,pilot,100,70,,,40\n"
                     "2030-02-01,2030-02-28,pilot,-4,2,,,40\n"
                     "2030-03-01,2030-03-31,pilot,100,170,,,40\n"
                     "2030-04-30,2030-04-01,elsewhere,100,70,,,40\n")
    response = upload(staff, running, rows.encode())
    assert response.status_code == 422
    page = text_of(response)
    assert "nothing from it was recorded" in page
    for line in ("Line 3:", "Line 4:", "Line 5:"):
        assert line in page
    assert "Line 2:" not in page
    assert count(app, Measurement) == 0


@pytest.mark.parametrize("data, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, "not"),
    (b"hello,world\n1,2\n", "The header has columns that do not belong"),
    (b"", "The file is empty."),
])
def test_a_nonsense_file_is_refused_with_a_reason(app, staff, running, data, message):
    response = upload(staff, running, data)
    assert response.status_code == 422
    assert message in text_of(response)
    assert count(app, Measurement) == 0


def test_a_ten_megabyte_file_is_refused_beside_the_field(app, staff, running):
    response = upload(staff, running, b"2030-01-01," * (10 * 1024 * 1024 // 11))
    assert response.status_code == 413
    page = text_of(response)
    assert 'id="file-error"' in page and "The file is larger than 512 KB." in page
    assert count(app, Measurement) == 0


def test_a_file_of_the_same_periods_replaces_them_and_says_so(app, staff, running):
    upload(staff, running, good_figures(3))
    page = words(upload(staff, running, good_figures(3, pilot=(100, 80))))
    assert "6 periods' figures recorded." in page
    assert "6 of them replaced figures recorded before for the same period and site." in page
    with app.app_context():
        assert sorted(set(db.session.scalars(select(Measurement.successes)))) == [60, 80]
    assert count(app, Measurement) == 6


def test_unknown_ids_are_404(client, staff):
    for path in ("/pilots/999", "/pilots/999/measurements.csv", "/api/v1/pilots/999",
                 "/proposals/999/pilots/new", "/pilots/999/edit", "/pilots/999/figures"):
        assert staff.get(path).status_code == 404, path
    assert staff.post("/pilots/999/start").status_code == 404
    assert client.get("/pilots/99999999999").status_code == 404


def test_open_data_has_every_field_the_issue_lists(app, client, staff, running):
    upload(staff, running, good_figures(2))
    staff.post(f"/pilots/{running}/edit", data=card_form(
        _area_id(app), reason="A clearer stop rule.",
        stop_rule="Stop at once if complaints double."))
    data = client.get(f"/api/v1/pilots/{running}").get_json()
    assert set(data) == {"id", "proposal_id", "title", "hypothesis", "measure", "baseline",
                         "target", "site", "comparison_site", "starts_on", "ends_on", "status",
                         "amendments", "measurements", "result", "url", "adopted_from"}
    assert set(data["measure"]) == {"name", "unit", "kind", "better"}
    assert set(data["baseline"]) == {"value", "period", "source"}
    assert set(data["result"]) == {"estimate", "ci_low", "ci_high", "method", "n_pilot",
                                   "n_comparison", "proposed_verdict", "verdict", "conclusion"}
    assert data["status"] == "running" and data["baseline"]["value"] == pytest.approx(0.62)
    assert [(a["version"], a["reason"]) for a in data["amendments"]] == [
        (2, "A clearer stop rule.")]
    assert set(data["amendments"][0]) == {"version", "reason", "created_at"}
    assert len(data["measurements"]) == 4
    assert data["measurements"][0] == {
        "period_start": "2030-01-01", "period_end": "2030-01-31", "site": "comparison",
        "n": 100, "successes": 60, "mean": None, "sd": None, "cost_per_case": 44.0}
    assert data["result"]["method"] == "newcombe"
    assert data["result"]["estimate"] == pytest.approx(0.15)
    assert (data["result"]["n_pilot"], data["result"]["n_comparison"]) == (200, 200)
    assert data["url"].endswith(f"/pilots/{running}")
    listed = client.get("/api/v1/pilots").get_json()
    assert listed["total"] == 1 and listed["items"][0] == data


def _area_id(app):
    with app.app_context():
        return db.session.scalar(select(Pilot.service_area_id))


def test_the_figures_download_as_csv_in_the_upload_format(client, staff, running):
    upload(staff, running, good_figures(2))
    response = client.get(f"/pilots/{running}/measurements.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert ",".join(rows[0]) + "\n" == HEADER
    assert rows[1] == ["2030-01-01", "2030-01-31", "comparison", "100", "60", "", "", "44"]
    # What was downloaded uploads again unchanged.
    again = words(upload(staff, running, response.get_data()))
    assert "4 of them replaced" in again


class Statements:
    def __init__(self, app):
        self.app, self.count = app, 0

    def __enter__(self):
        with self.app.app_context():
            self.engine = db.engine
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def _count(self, *args):
        self.count += 1

    def __exit__(self, *args):
        event.remove(self.engine, "before_cursor_execute", self._count)


def _statements(app, client, path):
    client.get(path)  # warm: the first request loads what every page loads once
    with Statements(app) as seen:
        assert client.get(path).status_code == 200
    return seen.count


def test_pilot_pages_cost_the_same_statements_however_many_pilots_and_figures(
        app, client, staff, area_and_proposal):
    area, proposal_id = area_and_proposal

    def add_pilot(periods):
        staff.post(f"/proposals/{proposal_id}/pilots/new", data=card_form(area.id))
        pilot_id = _pilot_id(app)
        staff.post(f"/pilots/{pilot_id}/start")
        upload(staff, pilot_id, good_figures(periods))
        staff.post(f"/pilots/{pilot_id}/edit", data=card_form(area.id, reason="Wording."))
        return pilot_id

    def paths(pilot_id):
        return ("/pilots", f"/pilots/{pilot_id}", "/api/v1/pilots", f"/api/v1/pilots/{pilot_id}",
                f"/pilots/{pilot_id}/measurements.csv")

    first = add_pilot(1)
    few = [_statements(app, client, path) for path in paths(first)]
    for _n in range(3):
        last = add_pilot(6)
    assert [_statements(app, client, path) for path in paths(last)] == few


def test_planned_pilots_are_not_in_the_list_filters_for_residents(client, staff, running, app,
                                                                  area_and_proposal):
    area, proposal_id = area_and_proposal
    staff.post(f"/proposals/{proposal_id}/pilots/new", data=card_form(area.id, title="Later"))
    assert "Later" not in text_of(client.get("/pilots?outcome=planned"))
    assert "Later" in text_of(staff.get("/pilots?outcome=planned"))
    assert "Same-day repairs" in text_of(client.get(f"/pilots?outcome=running&area={area.id}"))
    assert "Same-day repairs" not in text_of(client.get(f"/pilots?area={area.id + 1}"))


def test_the_target_is_shown_as_the_change_it_asks_for(app, staff, area_and_proposal):
    """A target is stored as a positive amount of change in the better direction;
    where lower is better the card shows it as a fall."""
    area, proposal_id = area_and_proposal
    staff.post(f"/proposals/{proposal_id}/pilots/new", data=card_form(
        area.id, kind="mean", better="lower", direction="fall", measure_unit="days",
        baseline_value="12", target="2"))
    page = words(staff.get(f"/pilots/{_pilot_id(app)}"))
    assert "Target (the smallest change worth scaling) -2.00 days" in page
    staff.post(f"/proposals/{proposal_id}/pilots/new", data=card_form(area.id))
    page = words(staff.get(f"/pilots/{_pilot_id(app)}"))
    assert "Target (the smallest change worth scaling) +5.0 percentage points" in page
