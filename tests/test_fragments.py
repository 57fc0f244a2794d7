"""Cards and comments are kept rendered (codesign/fragments.py) under every
value they show: change any one of them and the next page shows the change,
never the card kept from before. Each test renders the page first, so the
fragment is kept, then changes one thing straight in the database (as any
route, command or other worker might) and renders again."""
from datetime import timedelta

import pytest
from helpers import change, kept
from test_api_proposals import make_proposal

from codesign import fragments
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Challenge, Comment, Idea, Partner, PartnerMember, Proposal, ServiceArea, User


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def listed(app, factory, author, client):
    """An idea on /ideas, its card kept."""
    idea = factory.idea(author=author, title="Benches in the park")
    before = kept(app)
    assert "Benches in the park" in page(client, "/ideas?sort=newest")
    assert kept(app) > before
    # The second page comes from what was kept, and reads the same.
    assert "Benches in the park" in page(client, "/ideas?sort=newest")
    return idea


def test_the_fragment_cache_is_on_in_tests(app):
    assert fragments.EXTENSION in app.extensions


def test_a_card_shows_its_new_title(app, client, listed):
    change(app, Idea, listed.id, title="Benches by the pond")
    html = page(client, "/ideas?sort=newest")
    assert "Benches by the pond" in html and "Benches in the park" not in html


def test_a_card_shows_each_new_support_and_comment(app, factory, client, listed, resident):
    assert "0 supports" in page(client, "/ideas?sort=newest")
    factory.support(listed, resident)
    assert "1 support<" in page(client, "/ideas?sort=newest")
    factory.comment(listed, resident)
    assert "1 comment<" in page(client, "/ideas?sort=newest")


def test_a_card_shows_its_new_status_and_withdrawal(app, client, listed):
    change(app, Idea, listed.id, status="under_review")
    assert "Under review" in page(client, "/ideas?sort=newest")
    change(app, Idea, listed.id, withdrawn_at=utcnow())
    assert "Withdrawn" in page(client, "/ideas?sort=newest")


def test_a_card_shows_its_area_renamed_and_a_new_place(app, client, listed):
    change(app, ServiceArea, listed.service_area_id, name="Parks and gardens")
    assert "Parks and gardens" in page(client, "/ideas?sort=newest")
    change(app, Idea, listed.id, place="Victoria Park")
    assert "Victoria Park" in page(client, "/ideas?sort=newest")


def test_a_card_shows_its_challenge_and_the_challenge_reworded(app, factory, client, listed):
    challenge = factory.challenge(question="How might we sit down more?")
    change(app, Idea, listed.id, challenge_id=challenge.id)
    assert "How might we sit down more?" in page(client, "/ideas?sort=newest")
    change(app, Challenge, challenge.id, question="Where should benches go?")
    html = page(client, "/ideas?sort=newest")
    assert "Where should benches go?" in html and "sit down more" not in html


def test_a_card_shows_its_author_renamed_badged_and_deleted(app, client, listed, author):
    change(app, User, author.id, display_name="Ada Lovelace")
    assert "by Ada Lovelace" in page(client, "/ideas?sort=newest")
    change(app, User, author.id, role="staff")
    assert "Council staff" in page(client, "/ideas?sort=newest")
    change(app, User, author.id, role="resident", deleted_at=utcnow())
    html = page(client, "/ideas?sort=newest")
    assert "Former resident" in html and "Ada Lovelace" not in html and "Council staff" not in html


def test_a_card_shows_its_authors_partner_once_confirmed(app, client, listed, author):
    with app.app_context():
        partner = Partner(name="Friends of the Park", kind="charity", website="",
                          status="pending")
        db.session.add(partner)
        db.session.flush()
        db.session.add(PartnerMember(partner_id=partner.id, user_id=author.id))
        db.session.commit()
        partner_id = partner.id
    assert "Friends of the Park" not in page(client, "/ideas?sort=newest")
    change(app, Partner, partner_id, status="confirmed")
    assert "of Friends of the Park" in page(client, "/ideas?sort=newest")


def test_a_card_shows_its_age_as_time_passes(app, client, listed):
    change(app, Idea, listed.id, created_at=utcnow() - timedelta(days=3))
    assert "3 days ago" in page(client, "/ideas?sort=newest")


def test_a_card_marks_the_language_it_is_now_written_in(app, client, listed):
    assert f'lang="en" id="idea-{listed.id}-title"' in page(client, "/ideas?sort=newest")
    change(app, Idea, listed.id, language="cy")
    assert f'lang="cy" id="idea-{listed.id}-title"' in page(client, "/ideas?sort=newest")


def test_a_hidden_idea_leaves_the_list(app, client, listed):
    change(app, Idea, listed.id, hidden_at=utcnow(), hidden_reason="moderator")
    assert "Benches in the park" not in page(client, "/ideas?sort=newest")
    assert "Benches in the park" not in page(client, "/")


def test_each_language_keeps_its_own_card(app, listed):
    """The key holds the page's language: a card kept in one is not served in another."""
    from flask_babel import force_locale, get_locale

    cache = fragments.FragmentCache(100_000)
    with app.test_request_context("/ideas"):
        idea = db.session.get(Idea, listed.id)
        shown = []
        for code in ("en", "cy", "en"):
            with force_locale(code):
                shown.append(cache.render("idea_card", idea, lambda _idea: str(get_locale())))
    assert shown == ["en", "cy", "en"]


# --- comments --------------------------------------------------------------

@pytest.fixture
def discussed(app, factory, client, idea, resident):
    comment = factory.comment(idea, resident, body="Put one by the pond")
    assert "Put one by the pond" in page(client, f"/ideas/{idea.id}")
    assert "Put one by the pond" in page(client, f"/ideas/{idea.id}")
    return comment


def test_a_comment_shows_its_edit(app, client, idea, discussed):
    change(app, Comment, discussed.id, body="Put two by the pond",
           body_html="<p>Put two by the pond</p>", edited_at=utcnow())
    html = page(client, f"/ideas/{idea.id}")
    assert "Put two by the pond" in html and "Put one by the pond" not in html
    assert "edited" in html


def test_a_comment_marks_the_language_it_is_now_written_in(app, client, idea, discussed):
    change(app, Comment, discussed.id, language="cy")
    assert '<div class="app-prose" lang="cy"><p>Put one by the pond' in page(client, f"/ideas/{idea.id}")


def test_a_comment_says_where_a_connector_entered_it(app, client, idea, discussed):
    change(app, Comment, discussed.id, assisted_place="Central Library")
    assert "for a resident, at Central Library" in page(client, f"/ideas/{idea.id}")


def test_a_comment_hidden_is_hidden(app, client, idea, discussed):
    change(app, Comment, discussed.id, hidden_at=utcnow(), hidden_reason="moderator")
    html = page(client, f"/ideas/{idea.id}")
    assert "Put one by the pond" not in html and "Comment hidden by a moderator" in html


def test_a_comment_deleted_is_gone(app, client, idea, discussed):
    change(app, Comment, discussed.id, deleted_at=utcnow())
    html = page(client, f"/ideas/{idea.id}")
    assert "Put one by the pond" not in html and "Comment deleted" in html


def test_a_comment_shows_its_author_renamed_and_deleted(app, client, idea, discussed, resident):
    change(app, User, resident.id, display_name="Rosa Parks")
    assert "Rosa Parks" in page(client, f"/ideas/{idea.id}")
    change(app, User, resident.id, deleted_at=utcnow())
    html = page(client, f"/ideas/{idea.id}")
    assert "Rosa Parks" not in html and "Former resident" in html


def test_the_buttons_under_a_kept_comment_are_each_persons_own(app, idea, discussed,
                                                                 resident, browser_for, factory):
    """The comment is kept once; who may edit it is decided per request."""
    own = browser_for(resident).get(f"/ideas/{idea.id}").get_data(as_text=True)
    other = browser_for(factory.user()).get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Put one by the pond" in own and "Put one by the pond" in other
    edit = f"/comments/{discussed.id}/edit"
    assert edit in own and edit not in other


# --- proposal cards --------------------------------------------------------

@pytest.fixture
def proposed(app, factory, client, staff_user):
    area = factory.area(name="Libraries")
    proposal_id = make_proposal(app, staff_user, area, title="Open libraries on Sundays",
                                responsible_team="Library team")
    assert "Open libraries on Sundays" in page(client, "/proposals")
    assert "Open libraries on Sundays" in page(client, "/proposals")
    return proposal_id, area


def test_a_proposal_card_shows_each_change(app, client, proposed):
    proposal_id, area = proposed
    change(app, Proposal, proposal_id, title="Open libraries every day")
    assert "Open libraries every day" in page(client, "/proposals")
    change(app, Proposal, proposal_id, status="approved")
    assert "Approved" in page(client, "/proposals")
    change(app, Proposal, proposal_id, comment_count=3)
    assert "3 comments" in page(client, "/proposals")
    change(app, Proposal, proposal_id, responsible_team="Culture team")
    assert "Culture team" in page(client, "/proposals")
    change(app, ServiceArea, area.id, name="Libraries and archives")
    assert "Libraries and archives" in page(client, "/proposals")
    due = utcnow().date() + timedelta(days=400)
    change(app, Proposal, proposal_id, decision_due=due)
    assert str(due.year) in page(client, "/proposals")


def test_a_proposal_back_to_draft_leaves_the_list(app, client, proposed):
    proposal_id, _area = proposed
    change(app, Proposal, proposal_id, status="draft")
    assert "Open libraries on Sundays" not in page(client, "/proposals")


def test_a_kept_reply_form_carries_each_persons_own_token(app, idea, discussed, factory,
                                                          browser_for):
    import re

    tokens = []
    for person in (factory.user(), factory.user()):
        html = browser_for(person).get(f"/ideas/{idea.id}").get_data(as_text=True)
        assert fragments.TOKEN_SLOT not in html
        form = html[html.index('name="parent_id"') - 400:html.index('name="parent_id"')]
        tokens.append(re.findall(r'name="csrf_token" value="([^"]+)"', form)[-1])
    assert tokens[0] != tokens[1]


def test_a_reply_sent_from_a_kept_form_is_posted(app, idea, discussed, factory, browser_for):
    import re

    replier = browser_for(factory.user(name="Rhys Replier"))
    html = replier.get(f"/ideas/{idea.id}").get_data(as_text=True)
    form = html[html.index('name="parent_id"') - 400:html.index('name="parent_id"')]
    token = re.findall(r'name="csrf_token" value="([^"]+)"', form)[-1]
    response = replier.client.post(f"/ideas/{idea.id}/comments", data={
        "csrf_token": token, "parent_id": str(discussed.id), "body": "Two benches, then"})
    assert response.status_code in (302, 303)
    assert "Two benches, then" in replier.get(f"/ideas/{idea.id}").get_data(as_text=True)


def _comment_form(html):
    """The form for a new comment: its token and the language ticked."""
    import re

    start = html.index('name="body" aria-describedby="body-hint"')
    form = html[html.rindex("<form", 0, start):html.index("</form>", start)]
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    ticked = [re.search(r'value="(\w+)"', tag).group(1)
              for tag in re.findall(r'<input[^>]*name="language"[^>]*>', form) if "checked" in tag]
    return token, ticked


def test_the_kept_comment_form_is_each_persons_own(app, monkeypatch, idea, factory,
                                                   browser_for):
    """Its token and the language ticked are each person's, whoever had it
    rendered first; the languages offered change it at once."""
    monkeypatch.setitem(app.config, "LANGUAGES", ("en", "cy"))
    welsh, english, more_welsh = (factory.user(name="Wyn Welsh"),
                                  factory.user(name="Emma English"), factory.user())
    for person, language in ((welsh, "cy"), (english, "en"), (more_welsh, "cy")):
        change(app, User, person.id, locale=language)
    people = [browser_for(welsh), browser_for(english), browser_for(more_welsh)]
    tokens = []
    for person, language in zip(people, ("cy", "en", "cy"), strict=True):
        html = page(person, f"/ideas/{idea.id}")
        assert fragments.TOKEN_SLOT not in html
        token, ticked = _comment_form(html)
        assert ticked == [language]
        tokens.append(token)
    assert len(set(tokens)) == 3
    monkeypatch.setitem(app.config, "LANGUAGES", ("en",))
    assert _comment_form(page(people[0], f"/ideas/{idea.id}"))[1] == []
    # The kept form's token is the session's own: the comment is posted.
    token, _ticked = _comment_form(page(people[1], f"/ideas/{idea.id}"))
    response = people[1].client.post(f"/ideas/{idea.id}/comments", data={
        "csrf_token": token, "body": "A bench by the gate"})
    assert response.status_code in (302, 303)
    assert "A bench by the gate" in page(people[1], f"/ideas/{idea.id}")


def test_a_refused_comment_comes_back_with_its_text_not_the_kept_form(app, idea, factory,
                                                                      browser_for):
    person = browser_for(factory.user())
    token, _ticked = _comment_form(page(person, f"/ideas/{idea.id}"))
    response = person.client.post(f"/ideas/{idea.id}/comments", data={
        "csrf_token": token, "body": "x" * 20_000})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "x" * 20_000 in html
    assert "govuk-error-summary" in html
    assert "x" * 20_000 not in page(person, f"/ideas/{idea.id}")


def test_the_support_chart_shows_each_new_support(app, factory, client, idea):
    factory.support(idea, factory.user())
    html = page(client, f"/ideas/{idea.id}")
    assert '<td class="govuk-table__cell">1</td>' in html
    factory.support(idea, factory.user())
    html = page(client, f"/ideas/{idea.id}")
    assert '<td class="govuk-table__cell">2</td>' in html


def test_kept_hide_forms_carry_each_moderators_own_token_and_work(app, factory, browser_for,
                                                                  idea, discussed):
    import re

    from codesign.models import Comment as CommentRow

    moderators = [browser_for(factory.user(role="moderator")) for _ in range(2)]
    action = f'action="/moderation/comments/{discussed.id}/hide"'
    tokens = []
    for moderator in moderators:
        html = moderator.get(f"/ideas/{idea.id}").get_data(as_text=True)
        assert fragments.TOKEN_SLOT not in html and action in html
        form = html[html.index(action):html.index(action) + 300]
        tokens.append(re.search(r'name="csrf_token" value="([^"]+)"', form).group(1))
    assert tokens[0] != tokens[1]
    moderators[1].client.post(f"/moderation/comments/{discussed.id}/hide", data={
        "csrf_token": tokens[1], "reason": "spam", "note": "", "next": f"/ideas/{idea.id}"})
    with app.app_context():
        assert db.session.get(CommentRow, discussed.id).hidden_at is not None


def _week_of(moment):
    monday = moment.date() - timedelta(days=moment.weekday())
    return f"the week of {monday.day} {monday:%B %Y}"


def test_the_support_chart_spans_from_the_ideas_first_week_as_it_is_now(app, factory, client,
                                                                         idea):
    factory.support(idea, factory.user())
    assert _week_of(utcnow()) in page(client, f"/ideas/{idea.id}")
    earlier = utcnow() - timedelta(days=21)
    change(app, Idea, idea.id, created_at=earlier)
    assert f"between {_week_of(earlier)}" in page(client, f"/ideas/{idea.id}")


def test_the_support_chart_reaches_this_week_as_time_passes(app, factory, client, idea,
                                                            monkeypatch):
    factory.support(idea, factory.user())
    now = utcnow()
    assert f"and {_week_of(now)}" in page(client, f"/ideas/{idea.id}")
    later = now + timedelta(days=14)
    monkeypatch.setattr("codesign.ideas.trend.utcnow", lambda: later)
    html = page(client, f"/ideas/{idea.id}")
    assert f"and {_week_of(later)}" in html and f"and {_week_of(now)}" not in html
