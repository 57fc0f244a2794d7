"""The staff dashboard keeps each row of its queue, and each of its charts
with its table, rendered (codesign/fragments.py) under every value it shows.
Each test views /staff first, so the fragments are kept, then changes one
thing straight in the database (as any route, command or other worker
might) and views it again: the change must show, never the row or chart
kept from before."""
import re
from datetime import timedelta

import pytest
from helpers import change, kept, text_of
from sqlalchemy import insert

from codesign import fragments
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import (
    Comment,
    Idea,
    IdeaStatusChange,
    Offer,
    Partner,
    PartnerMember,
    ServiceArea,
    User,
)


def dashboard(staff):
    response = staff.get("/staff")
    assert response.status_code == 200
    return text_of(response)


def row(html, idea_id):
    found = re.search(rf'<tr[^>]*?id="queue-idea-{idea_id}".*?</tr>', html, re.S)
    return " ".join(found.group(0).split())


def words(html, idea_id):
    """The row's text, without its markup."""
    return " ".join(re.sub(r"<[^>]+>", " ", row(html, idea_id)).split())


def cells(html, idea_id):
    return re.findall(r'<td class="govuk-table__cell">\s*(.*?)\s*</td>', row(html, idea_id), re.S)


@pytest.fixture
def queued(app, factory, staff):
    """An idea in the staff queue, published three days ago, its row kept."""
    idea = factory.idea(title="Benches in the park", area=factory.area(name="Parks"),
                        created_at=utcnow() - timedelta(days=3))
    app.extensions[fragments.EXTENSION].clear()  # another test may have kept this very row
    first = dashboard(staff)
    assert kept(app) > 0
    # The second view comes from what was kept, and reads the same.
    assert row(dashboard(staff), idea.id) == row(first, idea.id)
    assert "Benches in the park" in row(first, idea.id) and "3 days" in row(first, idea.id)
    return idea


def test_a_queue_row_shows_its_new_title(app, staff, queued):
    change(app, Idea, queued.id, title="Benches by the pond")
    shown = row(dashboard(staff), queued.id)
    assert "Benches by the pond" in shown and "Benches in the park" not in shown


def test_a_queue_row_shows_its_area_renamed_or_another_area(app, factory, staff, queued):
    change(app, ServiceArea, queued.service_area_id, name="Parks and gardens")
    assert cells(dashboard(staff), queued.id)[0] == "Parks and gardens"
    libraries = factory.area(name="Libraries")
    change(app, Idea, queued.id, service_area_id=libraries.id)
    assert cells(dashboard(staff), queued.id)[0] == "Libraries"


def test_a_queue_row_shows_its_new_status(app, staff, queued):
    assert cells(dashboard(staff), queued.id)[1] == "Published"
    change(app, Idea, queued.id, status="under_review")
    assert cells(dashboard(staff), queued.id)[1] == "Under review"


def test_a_queue_row_shows_each_new_support(app, factory, staff, queued, resident):
    assert cells(dashboard(staff), queued.id)[2] == "0"
    factory.support(queued, resident)
    assert cells(dashboard(staff), queued.id)[2] == "1"


def test_a_queue_row_shows_when_an_idea_becomes_ready_for_review(app, staff, queued):
    change(app, Idea, queued.id, ready_for_review_at=utcnow() - timedelta(days=1))
    shown = words(dashboard(staff), queued.id)
    assert "Ready for review" in shown and "1 day since it was ready for review" in shown
    change(app, Idea, queued.id, ready_for_review_at=utcnow())
    shown = words(dashboard(staff), queued.id)
    assert "Today it was ready for review" in shown and "since" not in shown


def test_a_queue_row_shows_how_long_it_has_waited_and_when_it_is_overdue(
        app, staff, queued, monkeypatch):
    change(app, Idea, queued.id, created_at=utcnow() - timedelta(days=4))
    shown = words(dashboard(staff), queued.id)
    assert "4 days since it was published" in shown and "Overdue" not in shown
    monkeypatch.setitem(app.config, "RESPONSE_TARGET_DAYS", 3)
    shown = row(dashboard(staff), queued.id)
    assert "Overdue" in shown and "app-overdue" in shown


def test_a_queue_row_kept_in_english_is_not_shown_in_welsh(app, staff, queued):
    assert "No. %d" % queued.id in row(dashboard(staff), queued.id)
    assert staff.get("/language/cy?next=/staff").status_code == 302
    shown = row(dashboard(staff), queued.id)
    assert "Rhif %d" % queued.id in shown and "ers iddo gael ei gyhoeddi" in shown


def weekly_comments(html):
    cell = r"<td[^>]*>(\d+)</td>"
    return [int(found[3]) for found in
            re.findall(r"<tr[^>]*><th[^>]*>([^<]+)</th>" + cell * 3 + "</tr>", html)]


def chart(html, chart_id):
    return re.search(rf'<svg[^>]*id="{chart_id}".*?</svg>', html, re.S).group(0)


def test_the_participation_chart_and_table_show_each_new_figure(
        app, factory, staff, author, monkeypatch):
    idea = factory.idea(author=author)
    factory.comment(idea, author)
    before = dashboard(staff)
    assert weekly_comments(dashboard(staff)) == weekly_comments(before)  # kept, the same
    factory.comment(idea, author)  # today: this week's figure
    after = dashboard(staff)
    assert weekly_comments(after)[-1] == weekly_comments(before)[-1] + 1
    assert chart(after, "participation-chart") != chart(before, "participation-chart")
    with app.app_context():  # weeks ago: an earlier week's figure, once recounted
        db.session.execute(insert(Comment), [{
            "idea_id": idea.id, "author_id": author.id, "body": "Weeks ago",
            "created_at": utcnow() - timedelta(days=22)}])
        db.session.commit()
    assert sum(weekly_comments(dashboard(staff))) == sum(weekly_comments(after)) + 1


def answer_months(html):
    answers = html[html.index('id="answer-table-caption"'):]
    return re.findall(r'<tr[^>]*><th[^>]*>([^<]+)</th><td[^>]*>(\d+)</td><td[^>]*>([^<]+)', answers)


def test_the_answer_chart_and_table_show_each_new_answer_and_target(
        app, factory, staff, staff_user, monkeypatch):
    before = dashboard(staff)
    assert "No idea has had an official answer" in before
    assert answer_months(before)[-1][1:] == ("0", "–")
    now = utcnow()
    idea = factory.idea(created_at=now - timedelta(days=50))
    with app.app_context():
        db.session.get(Idea, idea.id).ready_for_review_at = now - timedelta(days=40)
        db.session.add(IdeaStatusChange(idea_id=idea.id, from_status="published",
                                        to_status="under_review", response="Looking",
                                        author_id=staff_user.id, created_at=now))
        db.session.commit()
    answered = dashboard(staff)
    assert [cell.strip() for cell in answer_months(answered)[-1][1:]] == ["1", "40.0"]
    assert "Over target" in answered[answered.index('id="answer-table-caption"'):]
    assert "Target: 30 days" in chart(answered, "answer-time-chart")
    monkeypatch.setitem(app.config, "RESPONSE_TARGET_DAYS", 45)
    later = dashboard(staff)
    assert "Target: 45 days" in chart(later, "answer-time-chart")
    assert [cell.strip() for cell in answer_months(later)[-1][1:]] == ["1", "40.0"]
    assert "(target: 45 days)" in later
    assert "Over target" not in later[later.index('id="answer-table-caption"'):]


def offers_section(html):
    found = re.search(r'<section id="offers".*?</section>', html, re.S).group(0)
    return " ".join(found.split())


@pytest.fixture
def offer(app, factory, staff):
    """An offer of help waiting on an idea, from a partner's member, kept."""
    idea = factory.idea(title="Repair cafe")
    maker = factory.user(name="Pat Partner")
    with app.app_context():
        partner = Partner(name="Green Spokes", kind="charity", website="", status="confirmed")
        db.session.add(partner)
        db.session.flush()
        db.session.add(PartnerMember(partner_id=partner.id, user_id=maker.id))
        made = Offer(partner_id=partner.id, created_by_id=maker.id, idea_id=idea.id,
                     kind="volunteers", description="Ten volunteers on Saturdays.")
        db.session.add(made)
        db.session.commit()
        found = {"offer": made.id, "partner": partner.id, "maker": maker.id, "idea": idea.id}
    shown = offers_section(dashboard(staff))
    assert "Green Spokes" in shown and "Repair cafe" in shown and "Pat Partner" in shown
    assert "Ten volunteers on Saturdays." in shown and "1 offer waits" in shown
    return found


def _tokens(html):
    return re.findall(r'name="csrf_token" value="([^"]+)"', html)


def test_the_offers_show_each_change_to_what_they_show(app, factory, staff, offer):
    change(app, Partner, offer["partner"], name="Blue Spokes")
    assert "Blue Spokes" in offers_section(dashboard(staff))
    change(app, User, offer["maker"], display_name="Pat Helper")
    assert "Pat Helper" in offers_section(dashboard(staff))
    change(app, Idea, offer["idea"], title="Repair workshop")
    assert "Repair workshop" in offers_section(dashboard(staff))
    change(app, Offer, offer["offer"], kind="venue",
           description="Our workshop.", description_html="<p>Our workshop.</p>")
    shown = offers_section(dashboard(staff))
    assert "Our workshop." in shown and "Ten volunteers" not in shown
    assert "Volunteers" not in shown and "venue" in shown.lower()
    with app.app_context():
        db.session.add(Offer(partner_id=offer["partner"], created_by_id=offer["maker"],
                             idea_id=offer["idea"], kind="skills", description="Welding."))
        db.session.commit()
    shown = offers_section(dashboard(staff))
    assert "2 offers wait" in shown and "Welding." in shown
    change(app, Offer, offer["offer"], status="declined")
    shown = offers_section(dashboard(staff))
    assert "1 offer waits" in shown and "Our workshop." not in shown


def test_each_staff_member_gets_their_own_form_token_in_the_kept_offers(
        app, factory, browser_for, staff, offer):
    other = browser_for(factory.user(name="Sal Staff", role="staff"))
    mine, theirs = (offers_section(dashboard(client)) for client in (staff, other))
    assert fragments.TOKEN_SLOT not in mine and fragments.TOKEN_SLOT not in theirs
    assert _tokens(mine) and _tokens(theirs) and set(_tokens(mine)).isdisjoint(_tokens(theirs))
