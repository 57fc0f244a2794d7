"""Who is being heard: the profile questions, their answers, the reference
population and the reach report, with its small-number suppression."""
import csv
import io
import itertools
import json

import pytest
from helpers import count, text_of
from sqlalchemy.exc import IntegrityError

from codesign.clock import utcnow
from codesign.deletion import services as deletion
from codesign.extensions import db
from codesign.models import (
    ReachAnswer,
    ReachPlace,
    ReachQuestion,
    ReachReference,
    Support,
    User,
)
from codesign.models.reach import QUESTIONS
from codesign.reach import participants, report, services
from codesign.reach.suppression import NON_ANSWERS, THRESHOLD, hidden_cells, suppress

# -- the suppression rule, attacked ------------------------------------------------------


def consistent_fillings(shown, total, spare=()):
    """Every way of filling the hidden (None) cells with whole numbers that
    agrees with all a reader sees: the shown cells, the total, and the rule
    itself (the filled set, suppressed, must hide exactly these cells)."""
    hidden = [i for i, value in enumerate(shown) if value is None]
    rest = total - sum(value for value in shown if value is not None)
    found = []
    for values in itertools.product(range(rest + 1), repeat=len(hidden)):
        if sum(values) != rest:
            continue
        candidate = list(shown)
        for i, value in zip(hidden, values, strict=True):
            candidate[i] = value
        if suppress(candidate, spare=spare) == shown:
            found.append(candidate)
    return hidden, found


@pytest.mark.parametrize("counts", [
    [12, 5, 14, 18, 11],          # one small group: the next smallest is hidden beside it
    [40, 3, 25],
    [9, 10, 30],                  # the complement exactly at the threshold
    [0, 4, 12, 15, 11, 0, 0],
    [1, 10, 10, 50],
    [60, 10, 0],
])
def test_a_hidden_cell_cannot_be_worked_out_from_the_total_and_the_other_cells(counts):
    total = sum(counts)
    shown = suppress(counts)
    assert None in shown and all(value is None or value >= THRESHOLD for value in shown)
    hidden, fillings = consistent_fillings(shown, total)
    assert counts in fillings
    for i in hidden:
        possible = {filling[i] for filling in fillings}
        if sum(counts[j] for j in hidden):  # hidden cells adding to 0 name nobody
            assert len(possible) >= 2, (counts, i, possible)


def test_never_exactly_one_cell_of_a_set_is_hidden():
    for counts in itertools.product((0, 5, 9, 10, 11, 30), repeat=3):
        assert len(hidden_cells(list(counts))) != 1
        assert len(hidden_cells(list(counts), spare=NON_ANSWERS)) != 1


@pytest.mark.parametrize("top", [[100, 3, 90], [100, 90, 3], [60, 10, 0]])
def test_a_small_non_answer_hides_the_other_one_and_keeps_the_groups(top):
    shown = suppress(top, spare=NON_ANSWERS)
    assert shown[0] == top[0] and shown[1] is None and shown[2] is None
    hidden, fillings = consistent_fillings(shown, sum(top), NON_ANSWERS)
    for i in hidden:
        assert len({filling[i] for filling in fillings}) >= 2


# -- a world of participants -----------------------------------------------------------

AGE = {"16_24": 4, "25_34": 12, "35_49": 15, "50_64": 11, "prefer_not": 7}  # 21 did not answer
DISABILITY = {"yes": 10, "no": 39, "prefer_not": 3}
ETHNICITY = {"asian": 12, "black": 5, "mixed": 14, "white": 18, "other": 11, "prefer_not": 10}
PEOPLE = 70


def _spread(groups):
    values = []
    for value, n in groups.items():
        values += [value] * n
    return values + [None] * (PEOPLE - len(values))


@pytest.fixture
def heard(app, factory):
    """A service area whose one idea has 70 participants (its author and 69
    supporters) who answered as above, and a site-wide reference population."""
    area = factory.area("Libraries")
    author = factory.user()
    idea = factory.idea(author=author, area=area)
    with app.app_context():
        people = [author.id]
        for n in range(PEOPLE - 1):
            user = User(email=f"heard{n}@example.test", display_name=f"Heard {n}",
                        password_hash="x", confirmed_at=utcnow())
            db.session.add(user)
            db.session.flush()
            people.append(user.id)
            db.session.add(Support(user_id=user.id, idea_id=idea.id))
        for question, groups in (("age", AGE), ("disability", DISABILITY),
                                 ("ethnicity", ETHNICITY)):
            for user_id, value in zip(people, _spread(groups), strict=True):
                if value:
                    db.session.add(ReachAnswer(user_id=user_id, question=question, value=value))
        services.set_asked_questions(["age", "disability", "ethnicity"])
        services.save_reference("ethnicity", None, {
            ("asian", None): 9.6, ("black", None): 4.2, ("mixed", None): 3.0,
            ("white", None): 81.7, ("other", None): 1.5}, "Census 2021", 2021)
        services.save_reference("age", None, {
            ("16_24", None): 14, ("25_34", None): 17, ("35_49", None): 24,
            ("50_64", None): 25, ("65_74", None): 11, ("75_over", None): 9}, "Census 2021", 2021)
        db.session.commit()
    return {"area": area, "idea": idea, "people": people}


def _report(app, area):
    with app.app_context():
        return report.build(participants.scope_of("area", area.id))


def test_the_report_counts_each_group_beside_the_reference_most_under_represented_first(
        app, heard):
    built = _report(app, heard["area"])
    assert built.participants == PEOPLE
    ethnicity = next(q for q in built.questions if q.question == "ethnicity")
    counts = {row.name: row.count for row in ethnicity.rows}
    assert counts["Asian, Asian British or Asian Welsh"] == 12
    assert counts["Mixed or Multiple ethnic groups"] == 14 and counts["White"] == 18
    # Black (5) is small; Other (11), the next smallest, is hidden beside it.
    assert counts["Black, Black British, Black Welsh, Caribbean or African"] is None
    assert counts["Other ethnic group"] is None
    assert ethnicity.gave == 60 and ethnicity.prefer_not is None and ethnicity.not_answered is None
    # White is 30% of those who gave a group against 81.7%: the most under-represented.
    assert [row.name for row in ethnicity.under] == ["White"]
    assert ethnicity.under[0].gap == round(30.0 - 81.7, 1)
    age = next(q for q in built.questions if q.question == "age")
    # The young and the old are too few to show: every group shown is over-represented,
    # and the hidden ones say how many the reference population would give.
    assert age.under == []
    hidden = [row for row in age.rows if row.count is None]
    assert next(row for row in hidden if row.name == "16 to 24").expected == round(14 * 42 / 100)


def test_the_report_page_shows_figures_a_chart_and_never_a_small_group(app, heard, browser_for,
                                                                       factory):
    staff = browser_for(factory.user(role="staff"))
    response = staff.get(f"/staff/reach/areas/{heard['area'].id}")
    page = text_of(response)
    assert response.status_code == 200
    assert "70 people took part" in page
    assert "<svg" in page and "Under-represented" in page
    assert "not shown" in page and "fewer than 10" in page
    assert ">5<" not in page and ">7<" not in page  # the small cells
    assert "Heard 1" not in page  # nobody by name


def test_the_csv_holds_the_same_suppressed_figures(app, heard, browser_for, factory):
    staff = browser_for(factory.user(role="staff"))
    response = staff.get(f"/staff/reach/areas/{heard['area'].id}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    by_group = {(row[0], row[1]): row[2] for row in rows[1:]}
    assert by_group["Ethnic group", "White"] == "18"
    assert by_group["Ethnic group", "Black, Black British, Black Welsh, Caribbean or African"] \
        == "not shown"
    assert by_group["Ethnic group", "Other ethnic group"] == "not shown"
    assert all(cell == "not shown" or int(cell) >= THRESHOLD
               for (_q, _g), cell in by_group.items())


def test_the_reports_shown_figures_do_not_give_away_a_hidden_one(app, heard):
    """The attack on the real report: every set it shows with a total."""
    built = _report(app, heard["area"])
    for question in built.questions:
        top = [question.gave, question.prefer_not, question.not_answered]
        _hidden, fillings = consistent_fillings(top, built.participants, NON_ANSWERS)
        for i, value in enumerate(top):
            if value is None:
                assert len({filling[i] for filling in fillings}) >= 2, question.question
        if question.gave is not None:
            shown = [row.count for row in question.rows]
            hidden, fillings = consistent_fillings(shown, question.gave)
            for i in hidden:
                assert len({filling[i] for filling in fillings}) >= 2, question.question


def test_a_scope_with_fewer_than_ten_people_says_so(app, factory, browser_for):
    area = factory.area()
    idea = factory.idea(area=area)
    factory.support(idea, *[factory.user() for _ in range(3)])
    challenge = factory.challenge(area=area)
    staff = browser_for(factory.user(role="staff"))
    for path in (f"/staff/reach/areas/{area.id}", f"/staff/reach/challenges/{challenge.id}"):
        response = staff.get(path)
        assert response.status_code == 200
        assert "Fewer than 10 people took part here" in text_of(response)
    response = staff.get(f"/staff/reach/areas/{area.id}.csv")
    assert response.status_code == 200 and "Fewer than 10 people" in text_of(response)
    assert staff.get("/staff/reach/proposals/999999").status_code == 404


def test_a_proposals_participants_are_those_of_its_ideas_and_its_comments(app, factory):
    from codesign.models import Comment, Proposal
    area = factory.area()
    author, backer, talker, outsider = (factory.user() for _ in range(4))
    idea = factory.idea(author=author, area=area)
    factory.support(idea, backer)
    factory.idea(author=outsider, area=area)
    with app.app_context():
        proposal = Proposal(title="Open later", problem="p", proposed_change="c",
                            expected_benefits="b", who_it_affects="a", cost_band="unknown",
                            service_area_id=area.id, responsible_team="Team",
                            decision_due=utcnow().date(), status="open_for_feedback",
                            created_by_id=author.id)
        db.session.add(proposal)
        db.session.flush()
        db.session.get(type(idea), idea.id).proposal_id = proposal.id
        db.session.add(Comment(proposal_id=proposal.id, author_id=talker.id, body="Yes"))
        db.session.commit()
        people = set(db.session.scalars(participants.participants(
            participants.scope_of("proposal", proposal.id))))
    assert people == {author.id, backer.id, talker.id}


# -- answering ---------------------------------------------------------------------------


@pytest.fixture
def asking(app):
    with app.app_context():
        services.set_asked_questions(QUESTIONS)
        db.session.add(ReachPlace(name="Riverside ward"))
        db.session.commit()


def test_a_person_answers_changes_and_takes_back_their_answers(app, asking, factory,
                                                                browser_for):
    area = factory.area("Parks")
    jo = factory.user()
    browser = browser_for(jo)
    page = text_of(browser.get("/account/about-you"))
    assert "Prefer not to say" in page and "Who sees your answers" in page
    assert "Do you use Parks services?" in page
    with app.app_context():
        place = db.session.scalar(db.select(ReachPlace.id))
    response = browser.post("/account/about-you", data={
        "age": "25_34", "disability": "prefer_not", "ethnicity": "",
        f"service_use_{area.id}": "yes", "place": f"place-{place}"})
    assert response.status_code == 302
    assert count(app, ReachAnswer, user_id=jo.id) == 4
    browser.post("/account/about-you", data={"age": "", "disability": "no", "place": ""})
    with app.app_context():
        held = {row.question: row.value for row in db.session.scalars(
            db.select(ReachAnswer).where(ReachAnswer.user_id == jo.id))}
    assert held == {"disability": "no", "service_use": "yes"}


def test_an_answer_not_offered_is_refused_beside_its_question(asking, factory, browser_for):
    browser = browser_for(factory.user())
    response = browser.post("/account/about-you", data={"age": "101", "place": "place-99999"})
    assert response.status_code == 422
    assert "Choose one of the answers, or leave the question unanswered" in text_of(response)


def test_the_database_holds_one_answer_per_question_and_only_answers_offered(app, factory):
    jo = factory.user()
    area = factory.area()
    with app.app_context():
        db.session.add(ReachAnswer(user_id=jo.id, question="age", value="25_34"))
        db.session.commit()
        for row in (ReachAnswer(user_id=jo.id, question="age", value="35_49"),
                    ReachAnswer(user_id=jo.id, question="age", value="yes"),
                    ReachAnswer(user_id=jo.id, question="disability", value="no",
                                service_area_id=area.id),
                    ReachAnswer(user_id=jo.id, question="place", value="place")):
            db.session.add(row)
            with pytest.raises(IntegrityError):
                db.session.commit()
            db.session.rollback()
        for value in ("yes", "no"):
            db.session.add(ReachAnswer(user_id=jo.id, question="service_use", value=value,
                                       service_area_id=area.id))
            if value == "no":
                with pytest.raises(IntegrityError):
                    db.session.commit()
                db.session.rollback()
            else:
                db.session.commit()


def test_answers_are_in_the_data_export_and_go_with_the_account(app, asking, factory,
                                                                  browser_for):
    jo = factory.user()
    browser = browser_for(jo)
    assert browser.post("/account/about-you", data={"age": "65_74"}).status_code == 302
    held = json.loads(browser.post("/account/data").get_data(as_text=True))
    assert [(a["question"], a["value"]) for a in held["profile_answers"]] == [("age", "65_74")]
    with app.app_context():
        deletion.delete_account(db.session.get(User, jo.id))
        db.session.commit()
    assert count(app, ReachAnswer, user_id=jo.id) == 0


def test_someone_registering_may_answer_and_need_not(app, asking, client):
    from helpers import csrf_token
    token = csrf_token(client, "/auth/register")
    page = text_of(client.get("/auth/register"))
    assert "About you (optional)" in page
    response = client.post("/auth/register", data={
        "csrf_token": token, "email": "newbie@example.org", "display_name": "Newbie",
        "password": "correct horse battery staple", "confirm": "correct horse battery staple",
        "about-age": "16_24"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "newbie@example.org"))
        assert [a.value for a in db.session.scalars(
            db.select(ReachAnswer).where(ReachAnswer.user_id == user.id))] == ["16_24"]
    response = client.post("/auth/register", data={
        "csrf_token": token, "email": "quiet@example.org", "display_name": "Quiet",
        "password": "correct horse battery staple", "confirm": "correct horse battery staple"})
    assert response.status_code == 302


# -- administration ------------------------------------------------------------------------


def test_an_admin_chooses_the_questions_and_lists_the_places(app, factory, browser_for):
    admin = browser_for(factory.user(role="admin"))
    assert admin.post("/admin/reach", data={"ask_age": "y", "ask_ethnicity": "y"}
                      ).status_code == 302
    assert count(app, ReachQuestion) == 2
    assert admin.post("/admin/reach/places", data={"name": "NS1"}).status_code == 302
    response = admin.post("/admin/reach/places", data={"name": "ns1"})
    assert response.status_code == 422 and "“ns1” is listed already." in text_of(response)
    with app.app_context():
        place_id = db.session.scalar(db.select(ReachPlace.id))
    assert admin.post(f"/admin/reach/places/{place_id}/remove").status_code == 302
    assert count(app, ReachPlace) == 0
    assert admin.post("/admin/reach/places/99999/remove").status_code == 404


def test_a_place_someone_chose_stays(app, asking, factory, browser_for):
    admin = browser_for(factory.user(role="admin"))
    jo = factory.user()
    with app.app_context():
        place_id = db.session.scalar(db.select(ReachPlace.id))
        db.session.add(ReachAnswer(user_id=jo.id, question="place", value="place",
                                   place_id=place_id))
        db.session.commit()
    response = admin.post(f"/admin/reach/places/{place_id}/remove", follow_redirects=True)
    assert "so it stays on the list" in text_of(response)
    assert count(app, ReachPlace) == 1


def test_reference_shares_are_checked_beside_each_field(app, factory, browser_for):
    area = factory.area()
    admin = browser_for(factory.user(role="admin"))
    path = "/admin/reach/references/disability"
    response = admin.post(path, data={"source": "Census 2021", "year": "2021",
                                      "share_yes": "150", "share_no": "abc"})
    page = text_of(response)
    assert response.status_code == 422
    assert "Enter a percentage from 0 to 100, like 12.5" in page
    assert 'value="150"' in page
    response = admin.post(path, data={"source": "Census", "year": "2021",
                                      "share_yes": "60", "share_no": "50"})
    assert response.status_code == 422 and "they can add up to 100 at most" in text_of(response)
    response = admin.post(path, data={"source": "", "year": "21", "share_yes": "18"})
    assert "Enter where the figures come from" in text_of(response)
    assert "Enter a year from 1900 to 2100" in text_of(response)
    assert admin.post(path, data={"source": "Census 2021", "year": "2021", "share_yes": "17.8",
                                  "share_no": "82.2"}).status_code == 302
    own = f"/admin/reach/references/service_use?area={area.id}"
    assert admin.post(own, data={"source": "Library records", "year": "2024",
                                 "share_yes": "35", "share_no": "65"}).status_code == 302
    assert count(app, ReachReference) == 2
    assert admin.get("/admin/reach/references/service_use").status_code == 404
    assert admin.get("/admin/reach/references/shoe_size").status_code == 404
    assert admin.get("/admin/reach/references/age?area=99999").status_code == 404
    assert admin.get("/admin/reach/references/age?area=x").status_code == 404


def test_the_gap_chart_is_plain_svg_with_escaped_labels():
    from codesign import charts
    svg = str(charts.gap_chart([("<b>White</b>", -40.5), ("Asian", 2.0)], "gap-test",
                               "Title", "Description", "Under", "Over"))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "style" not in svg and "<script" not in svg
    assert "&lt;b&gt;White&lt;/b&gt;" in svg and "<b>" not in svg
    assert charts.gap_chart([], "gap-none", "T", "D", "U", "O") is None


# -- assisted residents' answers (codesign/assist) ----------------------------------------

# 14 residents a connector helped: 12 answered (ethnicity "black" for 6 of
# them, so that group grows from 5 to 11), 2 answered nothing.
ASSISTED_ETHNICITY = ["black"] * 6 + ["white"] * 3 + ["prefer_not"] * 3


def _assisted(app, factory, heard, answers=ASSISTED_ETHNICITY, unanswered=2, kind="support"):
    from codesign.assist import services as assist
    from codesign.models import AssistedResident
    connector = factory.user(name="Connie", role="connector")
    with app.app_context():
        connie = db.session.get(User, connector.id)
        idea = db.session.get(type(heard["idea"]), heard["idea"].id)
        ids = []
        for n, value in enumerate(list(answers) + [None] * unanswered):
            resident, _created = assist.find_or_create_resident(connie, f"Assisted {n}", "CF10")
            if kind == "support":
                assist.enter_support(connie, resident, "desk", "Central Library", idea)
            else:
                assist.enter_comment(connie, resident, "phone", "Contact centre", idea,
                                     f"Comment {n}")
            if value:
                services.save_resident_answers(resident, {("ethnicity", None): (value, None)})
            ids.append(resident.id)
        # The connector also entered an idea for one of them: that is the
        # resident's, so the connector is not a participant for it.
        assist.enter_idea(connie, db.session.get(AssistedResident, ids[0]), "desk",
                          "Central Library", "Ramps", "At the front door.",
                          db.session.get(type(heard["area"]), heard["area"].id))
        db.session.commit()
    return connector, ids


def test_assisted_residents_who_answered_are_counted_as_participants(app, factory, heard):
    connector, _ids = _assisted(app, factory, heard)
    built = _report(app, heard["area"])
    assert built.participants == PEOPLE + 12  # not the 2 who answered nothing, nor the connector
    with app.app_context():
        scope = participants.scope_of("area", heard["area"].id)
        assert connector.id not in set(db.session.scalars(participants.participants(scope)))
    ethnicity = next(q for q in built.questions if q.question == "ethnicity")
    counts = {row.name: row.count for row in ethnicity.rows}
    assert counts["Black, Black British, Black Welsh, Caribbean or African"] == 5 + 6
    assert counts["White"] == 18 + 3 and counts["Other ethnic group"] == 11
    # 13 preferred not to say and 82 - 69 - 13 = 0 did not answer: 0 is small, so
    # both are hidden and only "gave a group" shows.
    assert ethnicity.gave == 60 + 9
    assert ethnicity.prefer_not is None and ethnicity.not_answered is None


def test_a_comment_entered_for_a_resident_counts_them_in_a_challenge_and_a_proposal(
        app, factory, heard):
    from codesign.models import Idea, Proposal
    challenge = factory.challenge(area=heard["area"])
    with app.app_context():
        idea = db.session.get(Idea, heard["idea"].id)
        proposal = Proposal(title="Open later", problem="p", proposed_change="c",
                            expected_benefits="b", who_it_affects="a", cost_band="unknown",
                            service_area_id=heard["area"].id, responsible_team="Team",
                            decision_due=utcnow().date(), status="open_for_feedback",
                            created_by_id=heard["people"][0])
        db.session.add(proposal)
        db.session.flush()
        idea.challenge_id, idea.proposal_id = challenge.id, proposal.id
        db.session.commit()
        proposal_id = proposal.id
    _assisted(app, factory, heard, answers=["asian"] * 3, unanswered=1, kind="comment")
    with app.app_context():
        for kind, subject in (("challenge", challenge.id), ("proposal", proposal_id),
                              ("area", heard["area"].id)):
            assert participants.count(participants.scope_of(kind, subject)) == PEOPLE + 3, kind


def test_with_assisted_residents_the_suppression_still_holds(app, factory, heard, browser_for):
    # 4 of them answer "black": 9 people in that group, under the threshold.
    _assisted(app, factory, heard, answers=["black"] * 4, unanswered=0)
    built = _report(app, heard["area"])
    assert built.participants == PEOPLE + 4
    ethnicity = next(q for q in built.questions if q.question == "ethnicity")
    counts = {row.name: row.count for row in ethnicity.rows}
    assert counts["Black, Black British, Black Welsh, Caribbean or African"] is None
    assert counts["Other ethnic group"] is None  # hidden beside it
    for question in built.questions:
        top = [question.gave, question.prefer_not, question.not_answered]
        _hidden, fillings = consistent_fillings(top, built.participants, NON_ANSWERS)
        for i, value in enumerate(top):
            if value is None:
                assert len({filling[i] for filling in fillings}) >= 2, question.question
        if question.gave is not None:
            shown = [row.count for row in question.rows]
            hidden, fillings = consistent_fillings(shown, question.gave)
            for i in hidden:
                assert len({filling[i] for filling in fillings}) >= 2, question.question
    staff = browser_for(factory.user(role="staff"))
    rows = list(csv.reader(io.StringIO(staff.get(
        f"/staff/reach/areas/{heard['area'].id}.csv").get_data(as_text=True))))
    assert all(row[2] == "not shown" or int(row[2]) >= THRESHOLD for row in rows[1:])
    assert "Assisted" not in str(rows)


def test_a_connector_records_a_residents_answers_and_never_sees_them_again(
        app, asking, factory, browser_for, client):
    from codesign.models import AssistedReachAnswer
    area = factory.area("Parks")
    connector = factory.user(name="Connie", role="connector")
    connie = browser_for(connector)
    response = connie.post("/assist", {"name": "Ada Lovelace", "postcode": "CF10 1AB",
                                       "email": "", "phone": "", "language": "en",
                                       "agreed": "y"})
    reference = response.headers["Location"].rsplit("/", 1)[-1]
    assert f"/assist/{reference}/about" in text_of(connie.get(f"/assist/{reference}"))
    page = text_of(connie.get(f"/assist/{reference}/about"))
    assert "Prefer not to say" in page and "Do you use Parks services?" in page
    response = connie.post(f"/assist/{reference}/about", data={
        "age": "75_over", "disability": "yes", "ethnicity": "prefer_not",
        f"service_use_{area.id}": "yes", "place": ""})
    assert response.status_code == 302
    assert count(app, AssistedReachAnswer) == 4
    # Nowhere shown again: the form starts empty, and says answers were recorded.
    again = text_of(connie.get(f"/assist/{reference}/about"))
    assert "Answers were recorded for this resident before" in again
    assert "checked" not in again
    for path in (f"/assist/{reference}", f"/assist/{reference}/slip"):
        shown = text_of(connie.get(path))
        assert "75 or over" not in shown and "Yes, disabled" not in shown
    assert "75 or over" not in text_of(client.get(f"/track/{reference}"))
    # Nor in the connector's own copy of their data.
    held = connie.post("/account/data").get_data(as_text=True)
    assert "75_over" not in held and held.count('"profile_answers": []') == 1
    # Bad input is a message beside the question; saving again replaces them all.
    bad = connie.post(f"/assist/{reference}/about", data={"age": "101"})
    assert bad.status_code == 422
    assert "Choose one of the answers, or leave the question unanswered" in text_of(bad)
    assert connie.post(f"/assist/{reference}/about",
                       data={"disability": "prefer_not"}).status_code == 302
    with app.app_context():
        assert [(a.question, a.value) for a in db.session.scalars(
            db.select(AssistedReachAnswer))] == [("disability", "prefer_not")]
    # A resident cannot record answers for an assisted resident.
    assert browser_for(factory.user()).post(
        f"/assist/{reference}/about", data={"age": "16_24"}).status_code == 403


def test_the_database_holds_one_answer_per_resident_and_question_and_they_go_with_the_resident(
        app, factory):
    from codesign.models import AssistedReachAnswer, AssistedResident
    connector = factory.user(role="connector")
    with app.app_context():
        resident = AssistedResident(name="Ada", name_key="ada", connector_id=connector.id)
        db.session.add(resident)
        db.session.flush()
        db.session.add(AssistedReachAnswer(resident_id=resident.id, question="age",
                                           value="25_34"))
        db.session.commit()
        resident_id = resident.id
        for row in (AssistedReachAnswer(resident_id=resident_id, question="age", value="35_49"),
                    AssistedReachAnswer(resident_id=resident_id, question="age", value="yes"),
                    AssistedReachAnswer(resident_id=resident_id, question="place",
                                        value="place")):
            db.session.add(row)
            with pytest.raises(IntegrityError):
                db.session.commit()
            db.session.rollback()
        db.session.execute(db.delete(AssistedResident).where(AssistedResident.id == resident_id))
        db.session.commit()
    assert count(app, AssistedReachAnswer) == 0
