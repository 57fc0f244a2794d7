"""Small things a council noticed: each as a resident or staff member sees it."""
import re
from pathlib import Path

from helpers import text_of

from codesign.models import Idea

ROOT = Path(__file__).resolve().parent.parent


def test_the_hide_form_names_the_idea_a_comment_is_on(factory, moderator, idea, author):
    comment = factory.comment(idea, author, body="Rude words")
    page = moderator.post(f"/moderation/comments/{comment.id}/hide", {"reason": ""})
    assert page.status_code == 422
    html = text_of(page)
    assert "on the idea" in html and idea.title in html
    assert "on a proposal" not in html


def test_the_error_summary_says_what_to_fix_without_repeating_the_label(client):
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                      client.get("/auth/register").get_data(as_text=True)).group(1)
    page = text_of(client.post("/auth/register", data={"csrf_token": token}))
    summary = page[page.index('id="error-summary"'):page.index("</ul>", page.index('id="error-summary"'))]
    items = re.findall(r'<li>\s*<a href="#(\w+)">\s*(.*?)\s*</a>\s*</li>', summary, re.S)
    assert items
    for field_id, message in items:
        label = re.search(rf'<label[^>]*for="{field_id}"[^>]*>\s*(.*?)\s*</label>', page, re.S).group(1)
        assert not message.startswith(label), message


def test_notification_titles_that_are_buttons_stay_left_aligned():
    css = (ROOT / "static/css/app.css").read_text()
    rule = re.search(r"^\.app-link-button \{([^}]*)\}", css, re.M).group(1)
    assert "text-align: left" in rule


def test_an_idea_page_offers_a_link_to_copy_and_share_links_without_scripts(client, idea):
    html = text_of(client.get(f"/ideas/{idea.id}"))
    share = html[html.index('id="share"'):html.index("</section>", html.index('id="share"'))]
    url = f"http://localhost/ideas/{idea.id}"
    assert '<label class="govuk-label" for="share-link">Link to this idea</label>' in share
    assert re.search(rf'<input type="text" id="share-link"[^>]*value="{url}" readonly', share)
    assert 'href="mailto:?subject=' in share
    assert "https://wa.me/?text=Support%20this%20idea%3A%20" in share
    assert "https://x.com/intent/post?" in share and "https://www.facebook.com/sharer/sharer.php?u=" in share
    assert f"http%3A%2F%2Flocalhost%2Fideas%2F{idea.id}" in share  # the address, from BASE_URL
    # The copy button is added by a file of ours, and no other site's script is loaded.
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all('src="/static/' in attrs for attrs in scripts)
    assert "data-copy-from" in share and (ROOT / "static/js/share.js").exists()


def test_share_links_carry_the_title_as_typed(client, factory):
    idea = factory.idea(title='Bins & benches "now"')
    share = text_of(client.get(f"/ideas/{idea.id}"))
    assert "mailto:?subject=Bins%20%26%20benches%20%22now%22&body=" in share
    assert "&amp;" not in share.split('id="share"')[1].split("</section>")[0]


def test_a_hidden_idea_offers_no_share_links(app, factory, browser_for, author):
    from codesign.clock import utcnow
    hidden = factory.idea(author=author, hidden_at=utcnow())
    assert 'id="share"' not in browser_for(author).get(f"/ideas/{hidden.id}").get_data(as_text=True)


def merge_page(staff, idea, q=None):
    return text_of(staff.get(f"/staff/ideas/{idea.id}/merge" + (f"?q={q}" if q else "")))


def test_staff_find_the_duplicate_by_searching_without_javascript(app, factory, staff, author):
    area = factory.area(name="Transport")
    duplicate = factory.idea(author=author, area=area, title="Benches at every bus stop")
    original = factory.idea(author=author, area=area, title="Seats at the bus stops please")
    other = factory.idea(author=author, area=area, title="Longer library opening hours")
    # Until something is typed, the ideas most like this one are listed.
    page = merge_page(staff, duplicate)
    assert f'value="{original.id}"' in page and f'value="{duplicate.id}"' not in page.split("<fieldset")[1]
    # A search lists what matches, each with a radio button.
    page = merge_page(staff, duplicate, q="library")
    assert '<form method="get"' in page and 'name="q"' in page
    assert re.search(rf'<input type="radio" id="target-{other.id}" name="target" value="{other.id}">', page)
    answer = staff.post(f"/staff/ideas/{duplicate.id}/merge?q=library",
                        {"target": str(original.id), "response": "The same as the other."})
    assert answer.status_code == 302
    assert factory.get(Idea, duplicate.id).duplicate_of_id == original.id


def test_the_picker_also_takes_a_typed_number_and_explains_a_missing_one(factory, staff, author):
    area = factory.area(name="Transport")
    duplicate = factory.idea(author=author, area=area, title="Benches at every bus stop")
    original = factory.idea(author=author, area=area, title="Seats at the bus stops please")
    missing = staff.post(f"/staff/ideas/{duplicate.id}/merge",
                         {"target": "other", "target_number": "", "response": "Same"})
    assert missing.status_code == 422
    html = text_of(missing)
    assert "Enter the number of the idea this one duplicates" in html
    assert 'id="target-other" name="target" value="other" checked' in html
    typed = staff.post(f"/staff/ideas/{duplicate.id}/merge",
                       {"target": "other", "target_number": str(original.id), "response": "Same"})
    assert typed.status_code == 302
    assert factory.get(Idea, duplicate.id).duplicate_of_id == original.id


def test_the_staff_dashboard_says_today_not_0_days(staff, idea):
    page = text_of(staff.get("/staff"))
    row = page[page.index(f'id="queue-idea-{idea.id}"'):]
    row = row[:row.index("</tr>")]
    assert "Today" in row and "it was published" in row
    assert "0 days" not in row
