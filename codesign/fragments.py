"""Parts of a page that are the same for everyone, rendered once and kept in
each worker's memory: an idea's card, a proposal's card, a shown comment
with one person's controls, the blank form for a new comment, a moderator's
hide form, an idea's support chart, a pilot's figures with their chart and
result, the staff queue's page of rows, a notification, its offers and charts, and the frame
of every page (its head's links, header and footer). Russian-doll caching,
as Rails and Discourse do it, for signed-in people too (issue 16).

A fragment is kept under a key made of EVERY value it shows, read from the
objects the page loaded anyway: title, counts, status, area, challenge, the
author's name and badges, the time in words, the language of the page...
(the KEYS below, one list per kind). So a fragment can never be stale: when
anything it shows changes, its key changes and it is rendered afresh, and
the old one ages out of the LRU. Nothing has to remember to invalidate it,
no write pays for it, and it works the same with Redis down. (A generation
bumped after every write, like the page cache's, was rejected: on a busy
site every support would throw away every worker's cards.) Hidden ideas are
never on a list; hidden and deleted comments are never cached (who may see
them depends on the person).

The per-person parts (whether I support it, my unread count) stay outside the
fragment and are rendered on every request; a comment's controls are the
fragment's arguments (see shown_comment_key); the form tokens are put in on
every request (TOKEN_SLOT), and so are the frame's per-request parts (fills).

To show something new on a card, add it to the card's template AND to its
key function here: `tests/test_fragments.py` changes each thing a card
shows and checks the next page shows it.
"""
import secrets
import threading

import cachetools
from flask import current_app
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

from .templating import age, time_ago

EXTENSION = "codesign_fragments"
# Where a kept form's CSRF token goes: random per process, so no text a
# person types (a display name in the form's label) can be mistaken for it.
TOKEN_SLOT = f"{{form-token-{secrets.token_hex(16)}}}"
# Where a kept fragment's per-request part goes (fragment(..., fills=...)).
FILL_SLOT = f"{{fill-%s-{secrets.token_hex(16)}}}"


def person_key(user):
    """What templates/_person.html shows of a person: name, badges, partner."""
    membership = user.partner_membership
    partner = ((membership.partner.name, membership.partner.status)
               if membership is not None else None)
    return (user.id, user.display_name, user.deleted_at is not None, user.role, partner)


def idea_card_key(idea):
    """Everything templates/ideas/_card.html shows."""
    return (idea.id, idea.title, idea.service_area.name, idea.place, person_key(idea.author),
            time_ago(idea.created_at), idea.created_at, idea.status, idea.is_withdrawn,
            idea.challenge.question if idea.challenge is not None else None,
            idea.support_count, idea.comment_count, idea.hidden_at, idea.language)


def proposal_card_key(proposal):
    """Everything templates/proposals/_card.html shows."""
    return (proposal.id, proposal.title, proposal.service_area.name,
            proposal.responsible_team, time_ago(proposal.created_at), proposal.created_at,
            proposal.status, proposal.comment_count, proposal.decision_due)


def shown_comment_key(comment):
    """What a shown comment shows (comment_body in
    templates/comments/_thread.html), the reply form's "Your reply to
    <author>" among it. It is kept WITH one person's controls under it (edit,
    delete, report, hide, reply): the answers the permission predicates gave
    for this person, their addresses and the reply form's language are the
    fragment's arguments (codesign/comments/controls.py), so the kept HTML is
    the same for everyone given the same answers."""
    return (comment.id, person_key(comment.author), time_ago(comment.created_at),
            comment.created_at, comment.edited_at is not None, comment.body_html,
            comment.hidden_at, comment.deleted_at, comment.language, comment.assisted_place)


def comment_form_key(action):
    """The form for a new comment shows only its address; the language
    ticked and the languages offered are the fragment's arguments."""
    return action


def hide_form_key(item):
    """Which idea or comment a moderator's hide form hides (its kind, the
    page to come back to and its wording are the fragment's arguments; its
    menu of reasons is fixed words)."""
    return (type(item).__name__, item.id)


def support_trend_key(trend):
    """The figures templates/ideas/_support_trend.html shows: its chart and
    its weeks, both drawn from the supports of each week and the weeks the
    chart spans (codesign/ideas/trend.py), and drawn only when not kept."""
    return (trend.days, trend.first, trend.last)


def pilot_figures_key(figures):
    """Everything templates/pilots/_figures.html shows, from a
    codesign.pilots.results.Figures: the chart, its table and the result are
    drawn from the card's measure (its kind, name, unit, baseline, target,
    which way is better, whether there is a comparison site) and every
    figure of every period, and from nothing else."""
    card = figures.card
    return (card.pilot_id, card.kind, card.measure_name, card.measure_unit,
            card.baseline_value, card.target, card.better, card.comparison_site,
            tuple((row.period_start, row.period_end, row.site, row.n, row.successes, row.mean,
                   row.sd, row.cost_per_case) for row in figures.rows))


def staff_queue_key(rows):
    """Everything the rows of a page of the staff queue show (queue_rows in
    templates/staff/_queue.html): codesign.staff.queries.Waiting, in order.
    Kept as one fragment: a page has fifty rows, and looking each up cost
    more than the rest of its table."""
    return tuple((row.id, row.title, row.area, row.status, row.support_count, row.ready,
                  row.age_days, row.overdue) for row in rows)


def staff_offers_key(data):
    """Everything the staff dashboard shows of the partners' offers waiting
    (offer_cards in templates/partners/_staff_panel.html, from
    codesign.partners.panels): how many wait, and for each offer its
    partner's name, kind, who made it, what it is about and its text."""
    subjects = data["subjects"]
    return (data["total"], tuple(
        (offer.id, offer.partner.name, offer.kind,
         person_key(offer.created_by) if offer.created_by is not None else None,
         subjects["ideas"].get(offer.idea_id), subjects["proposals"].get(offer.proposal_id),
         offer.description_html) for offer in data["offers"]))


def staff_participation_key(participation):
    """The weeks the staff dashboard's participation chart and table show
    (participation_figure in templates/staff/_participation.html), from a
    codesign.staff.participation.Participation: its chart is drawn from
    them alone, so only when one of them changes."""
    return participation.weeks


def staff_answer_times_key(participation):
    """The months and the target that the chart and table of times to an
    official answer show (answer_times_figure, same template and subject)."""
    return (participation.months, participation.target_days)


def _report_key(report):
    """What the queue shows of one open report: who made it, how old their
    account is, why, whether it counts towards hiding, and their note."""
    reporter = report.reporter
    return (report.id, person_key(reporter), age(reporter.created_at), report.reason,
            report.counts_towards_hiding, report.note)


def queue_entry_key(entry):
    """Everything an entry of the moderation queue shows (queue_entry in
    templates/moderation/queue.html), from a codesign.moderation.entries.Entry:
    the item (an idea's title and description, a comment's text, where it is
    and the title of its idea, an account), its author, its hidden, deleted
    or blocked state, its open reports with their reasons and reporters, and
    how long it has waited. The moderator's actions are the fragment's
    arguments."""
    row, item = entry.row, entry.row.item
    if row.kind == "idea":
        shown = (item.title, item.description, item.language, person_key(item.author),
                 item.hidden_at, item.hidden_reason)
    elif row.kind == "comment":
        shown = (item.body, item.language, person_key(item.author), item.idea_id,
                 item.proposal_id,
                 entry.idea.title if entry.idea is not None else None, item.hidden_at,
                 item.hidden_reason, item.deleted_at)
    else:
        shown = (person_key(item), item.blocked_at)
    return (row.kind, item.id, shown, row.open_count, row.oldest, time_ago(row.oldest),
            tuple(row.reasons), tuple(_report_key(report) for report in row.reports))


def notification_key(item):
    """Everything an item of the notifications page shows
    (notification_item in templates/notifications/index.html), from a
    codesign.notifications.items.Item: its fields, the reader's sentence
    among them, and its time in words."""
    return (item, time_ago(item.created_at))


def frame_key(frame):
    """What every page shows around its content (templates/_frame.html): its
    macros read nothing but the fields of a codesign.pageframe.Frame (the
    brand, the section, whether signed in, the roles). The parts that are
    each request's own (this page in the other languages, the unread count,
    the form token) are filled in (see fragment)."""
    return frame


def brand_key(frame):
    """The head's links and the footer show only the brand."""
    return frame.brand


# One entry per kind of fragment: what it shows.
KEYS = {"idea_card": idea_card_key, "proposal_card": proposal_card_key,
        "shown_comment": shown_comment_key, "comment_form": comment_form_key,
        "hide_form": hide_form_key,
        "support_trend": support_trend_key, "pilot_figures": pilot_figures_key,
        "staff_queue": staff_queue_key, "staff_offers": staff_offers_key,
        "staff_participation": staff_participation_key,
        "staff_answer_times": staff_answer_times_key, "queue_entry": queue_entry_key,
        "notification": notification_key,
        "page_head": brand_key, "page_header": frame_key, "page_footer": brand_key}


class FragmentCache:
    def __init__(self, characters):
        # Counted twice: the key holds about as many characters as the HTML.
        self.fragments = cachetools.LRUCache(maxsize=characters,
                                             getsizeof=lambda html: 2 * len(html))
        self.lock = threading.Lock()

    def render(self, kind, subject, macro, *args, slots=None):
        # The key holds the values themselves, not a digest of them, so two
        # different fragments can never share one.
        key = (kind, str(get_locale()), KEYS[kind](subject), args)
        if slots:
            key += (tuple(slots),)
        with self.lock:
            html = self.fragments.get(key)
        if html is None:
            html = _call(macro, subject, args, slots)
            with self.lock:
                if 2 * len(html) <= self.fragments.maxsize:
                    self.fragments[key] = html
        return html

    def clear(self):
        with self.lock:
            self.fragments.clear()


def _call(macro, subject, args, slots):
    if slots is None:
        return macro(subject, *args)
    return macro(subject, *args, {name: FILL_SLOT % name for name in slots})


def fragment(kind, subject, macro, *args, fills=None):
    """In a template: `{{ fragment("idea_card", idea, idea_card) }}`, the
    macro's HTML for subject, from the cache when nothing it shows changed.
    Further arguments are passed to the macro and are part of the key (a
    form's address, say). A form in a fragment writes `{{ form_token_slot }}`
    for its CSRF token: each request's own token is put in its place.

    `fills` ({name: HTML or text}) are this request's own parts: the macro
    gets one more argument, {name: slot}, writes each slot where its part
    goes, and each request's part is put in its place (text escaped)."""
    cache = current_app.extensions.get(EXTENSION)
    slots = sorted(fills) if fills else None
    if cache is None:
        html = _call(macro, subject, args, slots)
    else:
        html = cache.render(kind, subject, macro, *args, slots=slots)
    for name in slots or ():
        html = html.replace(FILL_SLOT % name, escape(fills[name]))
    if TOKEN_SLOT in html:
        html = html.replace(TOKEN_SLOT, generate_csrf())
    return html


def init_app(app):
    # About 2 KB a card with its key: 8 MB holds some 4,000 of them.
    characters = app.config["FRAGMENT_CACHE_MB"] * 1_000_000
    if characters > 0:
        app.extensions[EXTENSION] = FragmentCache(characters)
    app.jinja_env.globals["fragment"] = fragment
    app.jinja_env.globals["form_token_slot"] = TOKEN_SLOT


def fragments_for(kind, macro, items):
    """What fragment(kind, subject, macro, *args) gives, for each (subject,
    args) of `items`, in their order: a page of comments at once, with the
    page's language, the cache's lock and the request's form token looked up
    once rather than for each. The same keys as fragment(), so they share
    what is kept."""
    cache = current_app.extensions.get(EXTENSION)
    if cache is None:
        shown = [macro(subject, *args) for subject, args in items]
    else:
        locale, key_of = str(get_locale()), KEYS[kind]
        keys = [(kind, locale, key_of(subject), args) for subject, args in items]
        with cache.lock:
            shown = [cache.fragments.get(key) for key in keys]
        for index, html in enumerate(shown):
            if html is None:
                subject, args = items[index]
                html = shown[index] = macro(subject, *args)
                with cache.lock:
                    if 2 * len(html) <= cache.fragments.maxsize:
                        cache.fragments[keys[index]] = html
    token = None
    for index, html in enumerate(shown):
        if TOKEN_SLOT in html:
            token = token or generate_csrf()
            shown[index] = html.replace(TOKEN_SLOT, token)
    return shown

