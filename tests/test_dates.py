"""Dates as residents read them: en-GB, no seconds, in the council's time
zone on both sides of the clock change; a challenge closing on a day takes
ideas until the end of that day, local time, or until the time an admin set."""
import re
from datetime import date, datetime, time, timedelta

import pytest
from babel.dates import TIMEDELTA_UNITS
from flask_babel import force_locale, format_timedelta
from sqlalchemy import select

from codesign import create_app, localtime, templating
from codesign.extensions import db
from codesign.models import Challenge


@pytest.fixture
def admin(browser_for, factory):
    return browser_for(factory.user(name="Ada Admin", email="ada@example.test", role="admin"))


@pytest.mark.parametrize("stored, shown", [
    (datetime(2026, 12, 4, 14, 20, 59), "4 December 2026, 2:20pm"),  # GMT, seconds dropped
    (datetime(2026, 7, 1, 13, 20), "1 July 2026, 2:20pm"),  # BST
    # The last Sunday of March: at 01:00 UTC the clocks go forward.
    (datetime(2026, 3, 29, 0, 59), "29 March 2026, 12:59am"),
    (datetime(2026, 3, 29, 1, 0), "29 March 2026, 2:00am"),
    # The last Sunday of October: at 01:00 UTC they go back.
    (datetime(2026, 10, 25, 0, 59), "25 October 2026, 1:59am"),
    (datetime(2026, 10, 25, 1, 0), "25 October 2026, 1:00am"),
    (datetime(2026, 10, 24, 23, 30), "25 October 2026, 12:30am"),
])
def test_times_are_shown_in_london_time_across_the_clock_change(app, stored, shown):
    with app.test_request_context():
        assert localtime.format_datetime(stored) == shown


def test_a_day_is_shown_as_a_day_and_a_stored_time_as_its_local_day(app):
    with app.test_request_context():
        assert localtime.format_date(date(2027, 2, 28)) == "28 February 2027"
        # 23:30 UTC on 30 June is already 1 July in London.
        assert localtime.format_date(datetime(2027, 6, 30, 23, 30)) == "1 July 2027"


@pytest.mark.parametrize("day, ends_at", [
    (date(2026, 3, 28), datetime(2026, 3, 29, 0, 0)),   # still GMT at midnight
    (date(2026, 3, 29), datetime(2026, 3, 29, 23, 0)),  # BST: a 23-hour day
    (date(2026, 10, 24), datetime(2026, 10, 24, 23, 0)),  # BST at midnight
    (date(2026, 10, 25), datetime(2026, 10, 26, 0, 0)),  # GMT: a 25-hour day
])
def test_a_local_day_ends_at_local_midnight_on_both_sides_of_the_clock_change(app, day, ends_at):
    with app.app_context():
        assert localtime.end_of_day(day) == ends_at


def challenge_form(area, opens_on, closes_on, closing_time=""):
    return {"question": "How might we open libraries longer?", "description": "",
            "service_area": str(area.id), "opens_on": opens_on, "closes_on": closes_on,
            "closing_time": closing_time}


def the_challenge(app):
    with app.app_context():
        challenge = db.session.scalars(select(Challenge)).one()
        db.session.expunge(challenge)
        return challenge


def test_a_challenge_closing_28_february_is_open_until_the_end_of_that_day(app, admin, factory):
    area = factory.area(name="Libraries")
    assert admin.post("/admin/challenges/new",
                      challenge_form(area, "2027-02-01", "2027-02-28")).status_code == 302
    challenge = the_challenge(app)
    assert challenge.is_open_at(datetime(2027, 2, 28, 23, 59, 59))
    assert not challenge.is_open_at(datetime(2027, 3, 1, 0, 0))
    form = admin.get(f"/admin/challenges/{challenge.id}/edit").get_data(as_text=True)
    assert 'value="2027-02-28"' in form  # the day typed, not the midnight after it
    assert "28 February 2027" in admin.get("/admin/challenges").get_data(as_text=True)


def test_a_summer_closing_day_ends_at_local_midnight_not_utc(app, admin, factory):
    area = factory.area(name="Parks")
    admin.post("/admin/challenges/new", challenge_form(area, "2027-06-01", "2027-06-30"))
    challenge = the_challenge(app)
    assert challenge.opens_at == datetime(2027, 5, 31, 23, 0)
    assert challenge.is_open_at(datetime(2027, 6, 30, 22, 59))
    assert not challenge.is_open_at(datetime(2027, 6, 30, 23, 0))


def test_an_admin_can_set_a_closing_time(app, admin, factory):
    area = factory.area(name="Parks")
    response = admin.post("/admin/challenges/new",
                          challenge_form(area, "2027-06-01", "2027-06-30", "17:00"))
    assert response.status_code == 302
    challenge = the_challenge(app)
    assert challenge.closes_at == datetime(2027, 6, 30, 16, 0)  # 5pm BST
    page = admin.get("/admin/challenges").get_data(as_text=True)
    assert "30 June 2027, 5:00pm" in page
    form = admin.get(f"/admin/challenges/{challenge.id}/edit").get_data(as_text=True)
    assert 'value="17:00"' in form and 'value="2027-06-30"' in form
    # Saved again unchanged, it closes at the same moment.
    admin.post(f"/admin/challenges/{challenge.id}/edit",
               challenge_form(area, "2027-06-01", "2027-06-30", "17:00"))
    assert the_challenge(app).closes_at == datetime(2027, 6, 30, 16, 0)


def test_the_home_page_says_the_closing_day_without_a_time(app, client, factory):
    area = factory.area(name="Libraries")
    with app.app_context():
        opens = localtime.to_utc(date(2026, 1, 1))
        closes = localtime.end_of_day(date(2099, 2, 28))
        db.session.add(Challenge(question="How might we open libraries longer?",
                                 description="", service_area_id=area.id,
                                 opens_at=opens, closes_at=closes, created_at=opens))
        db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "open until 28 February 2099" in page
    assert "2099, " not in page  # no time of day for a whole day


def test_pages_show_times_without_seconds(app, client, idea):
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert re.search(r"\d{1,2} [A-Z][a-z]+ \d{4}, \d{1,2}:\d\d[ap]m<", page)
    visible = re.sub(r"<[^>]+>", " ", page)  # <time datetime="..."> keeps its seconds
    assert not re.search(r"\d:\d\d:\d\d", visible)


def test_another_time_zone_can_be_set_and_a_wrong_one_is_refused(app, tmp_path, monkeypatch):
    from flask import Flask
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(tmp_path))
    settings = {"ENV_NAME": "testing",
                "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    other = create_app({**settings, "TIMEZONE": "America/New_York"})
    with other.test_request_context():
        assert localtime.format_datetime(datetime(2026, 12, 4, 19, 20)) == "4 December 2026, 2:20pm"
        assert localtime.to_utc(date(2026, 12, 4), time(9)) == datetime(2026, 12, 4, 14, 0)
    with pytest.raises(RuntimeError, match="TIMEZONE"):
        create_app({**settings, "TIMEZONE": "Mars/Olympus_Mons"})


def _around_each_boundary():
    """Seconds either side of every point where Babel's words change: each
    unit's threshold, each half unit where the number rounds up, and a
    spread in between, in the past and the future."""
    seconds = {0, 1}
    for _unit, per_unit in TIMEDELTA_UNITS:
        for number in range(0, 60):
            for edge in (0.85 * per_unit, (number + 0.5) * per_unit):
                for step in (-1, -0.5, 0, 0.5, 1):
                    seconds.add(edge + step)
    seconds.update(1.37 ** power for power in range(70))
    return sorted(seconds | {-value for value in seconds})


@pytest.mark.parametrize("locale", ["en", "cy"])
def test_time_ago_says_what_babel_says_however_it_is_kept(app, monkeypatch, locale):
    """time_ago keeps its words per unit and number (codesign/templating.py):
    every moment gets the words Babel gives for it, kept or not."""
    now = datetime(2026, 12, 6, 4, 0)
    monkeypatch.setattr(templating, "utcnow", lambda: now)
    monkeypatch.setattr(templating, "_WORDS", {})
    with app.test_request_context(), force_locale(locale):
        for seconds in _around_each_boundary():
            moment = now + timedelta(seconds=seconds)
            expected = format_timedelta(moment - now, add_direction=True)
            assert templating.time_ago(moment) == expected, seconds
        assert 0 < len(templating._WORDS) < 1000
