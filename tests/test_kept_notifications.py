"""Each item of the notifications page is kept rendered
(codesign/fragments.py "notification") under everything it shows: change
any one of them (read or not, the subject's title, a commenter's name, a
comment hidden, the detail, the time in words) and the next page shows the
change, never the item kept from before; and no one sees another's item or
form token."""
import re
from datetime import timedelta

from helpers import change, kept, text_of
from test_notifications import make_proposal, notify

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Comment, Idea, Notification, NotificationKind, User


def shown(browser):
    response = browser.get("/notifications")
    assert response.status_code == 200
    return response


def kept_twice(app, browser):
    """The page rendered once so its items are kept, then again from them."""
    before = kept(app)
    first = text_of(shown(browser))
    assert kept(app) > before
    assert text_of(shown(browser)) == first
    return first


def test_an_item_shows_it_is_read_once_read(app, factory, resident, browser_for):
    [made] = notify(app, [resident], idea=factory.idea(title="Benches"))
    rosa = browser_for(resident)
    assert "Unread" in kept_twice(app, rosa)
    change(app, Notification, made, read_at=utcnow())
    page = text_of(shown(rosa))
    assert "Unread" not in page and "Read" in page
    change(app, Notification, made, read_at=None)
    assert "Unread" in text_of(shown(rosa))


def test_an_item_shows_its_subjects_new_title_and_status(app, factory, resident, browser_for):
    idea = factory.idea(title="Benches in the park", status="under_review")
    notify(app, [resident], idea=idea)
    rosa = browser_for(resident)
    assert "‘Benches in the park’" in kept_twice(app, rosa)
    change(app, Idea, idea.id, title="Benches by the pond")
    page = text_of(shown(rosa))
    assert "‘Benches by the pond’" in page and "Benches in the park" not in page
    change(app, Idea, idea.id, status="already_planned")
    assert "now Already planned" in text_of(shown(rosa))


def test_an_item_names_the_commenter_as_now_named_and_leaves_when_hidden(
        app, factory, resident, browser_for):
    author = factory.user(name="Cai Commenter")
    idea = factory.idea(title="Water fountains")
    with app.app_context():
        comment = Comment(idea_id=idea.id, author_id=author.id, depth=0, body="Yes please")
        db.session.add(comment)
        db.session.commit()
        comment_id = comment.id
    notify(app, [resident], NotificationKind.NEW_COMMENT, idea=idea, comment_id=comment_id)
    rosa = browser_for(resident)
    assert "Cai Commenter commented on ‘Water fountains’" in kept_twice(app, rosa)
    change(app, User, author.id, display_name="Cai Renamed")
    page = text_of(shown(rosa))
    assert "Cai Renamed commented" in page and "Cai Commenter" not in page
    change(app, Comment, comment_id, hidden_at=utcnow())
    assert "Water fountains" not in text_of(shown(rosa))


def test_an_item_leaves_when_its_idea_is_hidden(app, factory, resident, browser_for):
    idea = factory.idea(title="Benches in the park")
    notify(app, [resident], idea=idea)
    rosa = browser_for(resident)
    assert "Benches in the park" in kept_twice(app, rosa)
    change(app, Idea, idea.id, hidden_at=utcnow())
    assert "Benches in the park" not in text_of(shown(rosa))


def test_an_item_shows_its_new_detail_and_age(app, factory, resident, browser_for):
    [made] = notify(app, [resident], idea=factory.idea(), detail="We are looking at it.")
    rosa = browser_for(resident)
    assert "We are looking at it." in kept_twice(app, rosa)
    change(app, Notification, made, detail="Done.", detail_html="<p>Done.</p>")
    page = text_of(shown(rosa))
    assert "Done." in page and "looking" not in page
    change(app, Notification, made, created_at=utcnow() - timedelta(days=3))
    assert "3 days ago" in text_of(shown(rosa))


def test_each_reader_gets_their_own_words_and_form_token(app, factory, resident, browser_for):
    author = factory.user()
    idea = factory.idea(author=author, title="Benches in the park", status="under_review")
    notify(app, [resident, author], idea=idea)
    rosa, ali = browser_for(resident), browser_for(author)
    assert "the idea ‘Benches in the park’ that you follow" in kept_twice(app, rosa)
    page = text_of(shown(ali))
    assert "your idea ‘Benches in the park’" in page and "that you follow" not in page
    tokens = set()
    for browser in (rosa, ali):
        html = shown(browser).get_data(as_text=True)
        found = set(re.findall(r'name="csrf_token" value="([^"]+)"', html))
        assert len(found) == 1 and "form-token" not in html
        tokens |= found
    assert len(tokens) == 2


def test_an_item_marked_read_from_its_kept_form(app, factory, resident, browser_for):
    idea = factory.idea()
    [made] = notify(app, [resident], idea=idea)
    rosa = browser_for(resident)
    kept_twice(app, rosa)
    html = shown(rosa).get_data(as_text=True)
    token = re.search(rf'notifications/{made}/read".*?name="csrf_token" value="([^"]+)"',
                      html, re.S).group(1)
    response = rosa.client.post(f"/notifications/{made}/read", data={"csrf_token": token})
    assert response.status_code == 302
    assert factory.get(Notification, made).read_at is not None


def test_the_page_reads_each_kind_of_subject_in_the_same_statements(
        app, factory, resident, browser_for, statements):
    """The subjects come with the page, the idea merged into among them: a
    sentence that read more of a comment would load it in a statement of its
    own."""
    rosa = browser_for(resident)
    notify(app, [resident], idea=factory.idea(title="First"))
    shown(rosa)
    statements.clear()
    shown(rosa)
    alone = len(statements)
    original = factory.idea(title="Drinking water in parks")
    merged = factory.idea(title="Fountains please", duplicate_of_id=original.id)
    proposal = make_proposal(app, factory, title="Fountains in every park")
    commenter = factory.user(name="Cai Commenter")
    with app.app_context():
        comment = Comment(idea_id=original.id, author_id=commenter.id, depth=0, body="Yes")
        db.session.add(comment)
        db.session.commit()
        comment_id = comment.id
    notify(app, [resident], NotificationKind.IDEA_MERGED, idea=merged)
    notify(app, [resident], NotificationKind.IDEA_PROMOTED, idea=original, proposal=proposal)
    notify(app, [resident], NotificationKind.PROPOSAL_STATUS, proposal=proposal)
    notify(app, [resident], NotificationKind.NEW_COMMENT, idea=original, comment_id=comment_id)
    statements.clear()
    page = text_of(shown(rosa))
    assert "as a duplicate of ‘Drinking water in parks’" in page
    assert "became the proposal ‘Fountains in every park’" in page
    assert "Cai Commenter commented" in page
    assert len(statements) == alone + 1  # the comments, with their authors
