"""Replies are paged too: a page holds a bounded number of comments whatever
the shape of the discussion. Under each thread the subject's page shows its
first REPLIES_PER_THREAD replies and a "Show N more replies" link; that
thread's replies then come REPLIES_PER_PAGE a page (?thread=<id>&replies=N),
without JavaScript, and every reply is reached by following links. (Before,
150 replies under one comment were all on the idea's page.)"""
import html
import re

import pytest
from helpers import text_of
from test_comment_pages import discussion, page_nav, rows, shown
from test_comments import nesting


@pytest.fixture
def sizes(app):
    config = app.config
    return config["COMMENTS_PER_PAGE"], config["REPLIES_PER_THREAD"], config["REPLIES_PER_PAGE"]


# 150 replies in one thread: a reply with 100 replies to it, then 49 more.
BUSY = [(0, 1)] + [(0, 2)] * 100 + [(0, 1)] * 49


def links(page, label):
    return [html.unescape(href) for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>([^<]+)</a>', page)
            if label in text]


def reply_nav(page):
    match = re.search(r'<nav class="app-pagination" aria-label="Reply pages">(.*?)</nav>', page, re.S)
    if match is None:
        return None
    return {text: html.unescape(href) for href, text in
            re.findall(r'<a [^>]*href="([^"]+)" rel="(?:prev|next)">([^<]+)</a>', match.group(1))}


def test_a_page_holds_a_bounded_number_of_comments(app, factory, client, idea, sizes):
    per_page, per_thread, _ = sizes
    people = [factory.user().id for _ in range(4)]
    # Every thread on the first page has 150 replies.
    discussion(app, per_page + 1, people, replies=[(n, depth) for n in range(per_page)
                                                   for _, depth in BUSY], idea_id=idea.id)
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert len(shown(page)) == per_page * (1 + per_thread)
    assert len(links(page, "more replies")) == per_page
    assert f"Show {150 - per_thread} more replies" in page


def test_every_reply_of_a_long_thread_is_reached_by_following_links(app, factory, client, idea,
                                                                    sizes):
    per_page, per_thread, per_reply_page = sizes
    people = [factory.user().id for _ in range(4)]
    [root] = discussion(app, 1, people, replies=BUSY, idea_id=idea.id)
    everything = rows(app, idea_id=idea.id)
    assert len(everything) == 151

    first = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert len(shown(first)) == 1 + per_thread
    [more] = links(first, f"Show {150 - per_thread} more replies")
    assert more == f"/ideas/{idea.id}?thread={root}#comment-{root}"

    seen, url, pages = set(), more, 0
    while url:
        page = client.get(url).get_data(as_text=True)
        on_page = shown(page)
        # The top-level comment, a page of replies, and the reply the first
        # of them answer if it was on the page before.
        assert on_page[0] == root and len(on_page) <= 2 + per_reply_page
        seen |= set(on_page)
        pages += 1
        assert links(page, "Back to all comments") == [f"/ideas/{idea.id}#comment-{root}"]
        url = (reply_nav(page) or {}).get("Newer replies")
    assert seen == set(everything)
    assert pages == -(-150 // per_reply_page)


def test_replies_keep_their_nesting_on_the_thread_pages(app, factory, client, idea, sizes):
    people = [factory.user().id for _ in range(4)]
    [root] = discussion(app, 1, people, replies=BUSY, idea_id=idea.id)
    replies = rows(app, idea_id=idea.id)[1:]
    first_reply, deeper = replies[0], replies[1:101]
    page = client.get(f"/ideas/{idea.id}?thread={root}").get_data(as_text=True)
    tree = nesting(page)
    assert tree[f"comment-{deeper[0]}"] == [f"comment-{root}", f"comment-{first_reply}"]
    # On a later page, replies to a reply on an earlier page come under it again.
    later = client.get(f"/ideas/{idea.id}?thread={root}&replies=2").get_data(as_text=True)
    assert nesting(later)[f"comment-{deeper[60]}"] == [f"comment-{root}", f"comment-{first_reply}"]
    assert shown(later)[:3] == [root, first_reply, deeper[49]]
    assert "Replies page 2 of 3" in text_of_page(later)


def text_of_page(page):
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_a_link_to_a_late_reply_lands_on_the_page_showing_it(app, factory, client, rosa, idea,
                                                             sizes):
    _, per_thread, per_reply_page = sizes
    people = [factory.user().id for _ in range(4)]
    [root] = discussion(app, 1, people, replies=BUSY, idea_id=idea.id)
    replies = rows(app, idea_id=idea.id)[1:]
    late = replies[-1]
    page = client.get(f"/ideas/{idea.id}?comment={late}").get_data(as_text=True)
    assert late in shown(page) and "Replies page 3 of 3" in text_of_page(page)
    early = replies[per_thread - 1]
    page = client.get(f"/ideas/{idea.id}?comment={early}").get_data(as_text=True)
    assert early in shown(page) and reply_nav(page) is None

    # Replying to a late reply comes back to the page of the thread showing it
    # (the 151st reply: a fourth page).
    last_top_reply = replies[-1]
    response = rosa.post(f"/ideas/{idea.id}/comments",
                         {"body": "Late but agreed", "parent_id": str(last_top_reply)})
    location = response.headers["Location"]
    reply = int(re.fullmatch(rf"/ideas/{idea.id}\?thread={root}&replies=4#comment-(\d+)",
                             location).group(1))
    page = rosa.get(location).get_data(as_text=True)
    assert nesting(page)[f"comment-{reply}"] == [f"comment-{root}", f"comment-{last_top_reply}"]
    # A refused reply reopens there too, with its error.
    refused = rosa.post(f"/ideas/{idea.id}/comments", {"body": " ", "parent_id": str(late)})
    assert refused.status_code == 422 and late in shown(refused.get_data(as_text=True))


@pytest.mark.parametrize("value", ["x", "0", "99999999999", "-1"])
def test_any_thread_value_shows_a_page(app, factory, client, idea, value):
    discussion(app, 2, [factory.user().id], replies=[(0, 1)], idea_id=idea.id)
    response = client.get(f"/ideas/{idea.id}?thread={value}&replies={value}")
    assert response.status_code == 200 and len(shown(response.get_data(as_text=True))) == 3


def test_a_reply_is_not_a_thread(app, factory, client, idea):
    [root] = discussion(app, 1, [factory.user().id], replies=[(0, 1)], idea_id=idea.id)
    reply = rows(app, idea_id=idea.id)[1]
    page = client.get(f"/ideas/{idea.id}?thread={reply}").get_data(as_text=True)
    assert shown(page) == [root, reply] and not links(page, "Back to all comments")


def test_proposals_page_their_replies_too(app, factory, staff_user, client, sizes):
    from test_proposals import make_proposal
    _, per_thread, per_reply_page = sizes
    proposal_id = make_proposal(app, staff_user, factory.area())
    [root] = discussion(app, 1, [factory.user().id], replies=BUSY, proposal_id=proposal_id)
    page = client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert len(shown(page)) == 1 + per_thread
    [more] = links(page, "more replies")
    page = client.get(more).get_data(as_text=True)
    assert len(shown(page)) == 1 + per_reply_page and page_nav(page) is None
    assert reply_nav(page) == {"Newer replies": f"/proposals/{proposal_id}?thread={root}&replies=2#comments"}


def test_the_api_pages_every_reply_too(app, factory, client, idea):
    [root] = discussion(app, 1, [factory.user().id], replies=BUSY, idea_id=idea.id)
    seen, url = [], f"/api/v1/ideas/{idea.id}/comments"
    while url:
        data = client.get(url).get_json()
        assert len(data["items"]) <= data["per_page"] <= 100
        seen += [item["id"] for item in data["items"]]
        url = data["next"]
    assert seen == rows(app, idea_id=idea.id) and seen[0] == root
    assert "No comments yet" not in text_of(client.get(f"/ideas/{idea.id}"))
