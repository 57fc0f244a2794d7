"""Charts drawn on the server, each with its table: an idea's supports over
time, and participation and answer times on the staff dashboard. No script,
no style attribute (the CSP allows neither), and text escaped."""
import re
from datetime import date, datetime, timedelta

import pytest
from helpers import sign_in, text_of
from sqlalchemy import func, insert, select

from codesign import charts
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.ideas.queries import support_weeks
from codesign.models import Comment, Idea, IdeaStatusChange, Support


def assert_csp_safe(svg):
    assert "style=" not in svg and "<style" not in svg and "<script" not in svg
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg


def test_a_sparkline_draws_every_value_and_describes_itself():
    svg = str(charts.sparkline([0, 1, 3], "trend", "Supports <b>", "Grew to 3"))
    assert_csp_safe(svg)
    assert len(re.search(r'<polyline points="([^"]+)"', svg).group(1).split()) == 3
    assert "Supports &lt;b&gt;" in svg and 'aria-labelledby="trend-title trend-desc"' in svg
    assert charts.sparkline([], "trend", "t", "d") is None
    with pytest.raises(ValueError):
        charts.sparkline([1], 'x" onload="alert(1)', "t", "d")


def test_a_line_chart_has_a_line_per_series_a_legend_and_a_target():
    series = [charts.Series("Ideas", (1, 2, 3)), charts.Series("<script>x</script>", (0, None, 4))]
    svg = str(charts.line_chart(["a", "b", "c"], series, "c1", "Title", "Description",
                                "Count", "Week", guide=(30, "Target: 30 days")))
    assert_csp_safe(svg)
    assert svg.count("<polyline") == 3  # the second line breaks where it has no value
    assert "&lt;script&gt;x&lt;/script&gt;" in svg
    assert "Target: 30 days" in svg and 'stroke-dasharray="10 4 2 4"' in svg
    assert charts.line_chart(["a"], [charts.Series("x", (None,))], "c2", "t", "d", "y", "x") is None


def test_weeks_are_counted_from_monday_with_empty_weeks_kept():
    weeks = charts.by_week([(date(2026, 11, 18), 2), (date(2026, 11, 20), 1),
                            (date(2026, 12, 3), 4)], date(2026, 11, 17), date(2026, 12, 5))
    assert weeks == [(date(2026, 11, 16), 3), (date(2026, 11, 23), 0), (date(2026, 11, 30), 4)]


def supports_over_weeks(app, factory, idea, days_ago):
    people = [factory.user() for _ in days_ago]
    now = utcnow()
    with app.app_context():
        db.session.execute(insert(Support), [
            {"user_id": person.id, "idea_id": idea.id, "created_at": now - timedelta(days=ago)}
            for person, ago in zip(people, days_ago, strict=True)])
        db.session.get(Idea, idea.id).support_count = len(days_ago)
        db.session.get(Idea, idea.id).created_at = now - timedelta(days=max(days_ago) + 1)
        db.session.commit()


def test_an_idea_page_shows_its_supports_over_time_with_a_table(app, factory, client, idea):
    supports_over_weeks(app, factory, idea, [15, 15, 14, 1])
    html = text_of(client.get(f"/ideas/{idea.id}"))
    svg = re.search(r'<svg[^>]*class="sparkline".*?</svg>', html, re.S).group(0)
    assert_csp_safe(svg)
    table = html[html.index("Supports week by week"):html.index("</table>")]
    totals = re.findall(r"<tr[^>]*><th[^>]*>([^<]+)</th><td[^>]*>(\d+)</td><td[^>]*>(\d+)</td></tr>", table)
    assert [(new, total) for _week, new, total in totals][-1][1] == "4"
    assert sum(int(new) for _week, new, _total in totals) == 4
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", week) for week, _n, _t in totals)
    assert "Supports grew to 4" in svg


def test_an_idea_nobody_supports_has_no_sparkline(client, idea):
    assert 'class="sparkline"' not in client.get(f"/ideas/{idea.id}").get_data(as_text=True)


def test_the_sparkline_costs_the_idea_page_one_statement(app, factory, make_client, statements):
    quiet, busy = factory.idea(), factory.idea()
    supports_over_weeks(app, factory, busy, [20, 9, 2])
    counts = []
    for idea in (quiet, busy):
        statements.clear()
        assert make_client().get(f"/ideas/{idea.id}").status_code == 200
        counts.append(len(statements))
    assert counts[1] == counts[0] + 1


def answered(app, factory, staff_user, waits_days):
    """Ideas ready for review waits_days ago, answered now."""
    now = utcnow()
    for wait in waits_days:
        idea = factory.idea(created_at=now - timedelta(days=wait + 5))
        with app.app_context():
            db.session.get(Idea, idea.id).ready_for_review_at = now - timedelta(days=wait)
            db.session.add(IdeaStatusChange(idea_id=idea.id, from_status="published",
                                            to_status="under_review", response="Looking",
                                            author_id=staff_user.id, created_at=now))
            db.session.commit()


def test_staff_see_participation_per_week_and_the_median_answer_time(
        app, factory, make_client, staff_user, author):
    answered(app, factory, staff_user, [10, 20, 50])
    idea = factory.idea(author=author)
    factory.support(idea, factory.user(), factory.user())
    factory.comment(idea, author)
    with app.app_context():
        db.session.execute(insert(Comment), [{"idea_id": idea.id, "author_id": author.id,
                                              "body": "Older", "created_at": utcnow() - timedelta(days=21)}])
        db.session.commit()
    client = make_client()
    sign_in(client, staff_user)
    html = text_of(client.get("/staff"))
    participation = re.search(r'<svg[^>]*id="participation-chart".*?</svg>', html, re.S).group(0)
    answer = re.search(r'<svg[^>]*id="answer-time-chart".*?</svg>', html, re.S).group(0)
    for svg in (participation, answer):
        assert_csp_safe(svg)
    assert participation.count("<polyline") == 3
    assert "Target: 30 days" in answer
    cell = r"<td[^>]*>(\d+)</td>"
    weeks = re.findall(r"<tr[^>]*><th[^>]*>([^<]+)</th>" + cell * 3 + "</tr>", html)
    assert len(weeks) == 12
    this_week = weeks[-1]
    assert (int(this_week[1]), int(this_week[2]), int(this_week[3])) == (1, 2, 1)
    assert sum(int(row[1]) for row in weeks) == 4  # and the three answered, weeks ago
    assert sum(int(row[3]) for row in weeks) == 2  # the older comment, three weeks back
    answers = html[html.index('id="answer-table-caption"'):]
    months = re.findall(r'<tr[^>]*><th[^>]*>([^<]+)</th><td[^>]*>(\d+)</td><td[^>]*>([^<]+)', answers)
    assert len(months) == 12 and re.fullmatch(r"[A-Z][a-z]+ \d{4}", months[-1][0])
    assert months[-1][1:] == ("3", "20.0")
    assert months[0][1:] == ("0", "–")


def test_a_slow_month_is_marked_over_target(app, factory, make_client, staff_user):
    answered(app, factory, staff_user, [40, 45])
    client = make_client()
    sign_in(client, staff_user)
    html = text_of(client.get("/staff"))
    assert '42.5 <span class="govuk-tag govuk-tag--red">Over target</span>' in html


def _weekly_comments(html):
    cell = r"<td[^>]*>(\d+)</td>"
    return [int(row[3]) for row in
            re.findall(r"<tr[^>]*><th[^>]*>([^<]+)</th>" + cell * 3 + "</tr>", html)]


def test_each_worker_keeps_the_earlier_weeks_but_shows_every_change_at_once(
        app, factory, make_client, staff_user, author, statements):
    idea = factory.idea(author=author)
    client = make_client()
    sign_in(client, staff_user)
    before = _weekly_comments(text_of(client.get("/staff")))
    statements.clear()
    assert _weekly_comments(text_of(client.get("/staff"))) == before
    assert not [s for s in statements if "GROUP BY date(" in s], "the earlier weeks recounted"
    with app.app_context():
        db.session.execute(insert(Comment), [{
            "idea_id": idea.id, "author_id": author.id, "body": "Weeks ago",
            "created_at": utcnow() - timedelta(days=15)}])
        db.session.commit()
    factory.comment(idea, author)
    after = _weekly_comments(text_of(client.get("/staff")))
    assert after[-1] == before[-1] + 1  # today's comment
    assert sum(after) == sum(before) + 2  # and the one dated two weeks back, at once


def _weekly_supports(html):
    cell = r"<td[^>]*>(\d+)</td>"
    return [int(row[2]) for row in
            re.findall(r"<tr[^>]*><th[^>]*>([^<]+)</th>" + cell * 3 + "</tr>", html)]


def test_supports_carried_over_by_a_merge_today_are_not_new_supports(
        app, factory, staff, staff_user):
    x, y = factory.idea(title="Lights on the towpath"), factory.idea(title="Light the canal path")
    factory.support(x, factory.user(), factory.user())
    factory.support(y, factory.user())
    assert _weekly_supports(staff.get("/staff").get_data(as_text=True))[-1] == 3
    merged = staff.post(f"/staff/ideas/{x.id}/merge",
                        {"target": str(y.id), "response": "Same idea as another."})
    assert merged.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Support)) == 5
    assert _weekly_supports(staff.get("/staff").get_data(as_text=True))[-1] == 3


def test_the_database_adds_supports_up_by_monday_starting_weeks(app, factory, idea):
    """The idea page reads weeks, not days (codesign/ideas/queries.py):
    a Sunday's last second and a Monday's first fall in different weeks, on
    SQLite and PostgreSQL alike."""
    monday = date(2026, 11, 16)
    moments = [datetime(2026, 11, 15, 23, 59, 59), datetime(2026, 11, 16, 0, 0, 0),
               datetime(2026, 11, 16, 12, 30), datetime(2026, 11, 18, 9, 0),
               datetime(2026, 11, 22, 23, 59, 59), datetime(2026, 11, 30, 0, 0, 1)]
    people = [factory.user() for _ in moments]
    with app.app_context():
        db.session.execute(insert(Support), [
            {"user_id": person.id, "idea_id": idea.id, "created_at": moment}
            for person, moment in zip(people, moments, strict=True)])
        db.session.get(Idea, idea.id).support_count = len(moments)
        db.session.commit()
        weeks = support_weeks(db.session.get(Idea, idea.id))
    assert weeks == [(monday - timedelta(days=7), 1), (monday, 4), (monday + timedelta(days=14), 1)]
    assert all(charts.week_start(week) == week for week, _count in weeks)
