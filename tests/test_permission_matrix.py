"""Every route, for every kind of visitor, against every kind of object.

The expectations come from the table below, written from the issue's rules
(who may act, on what, in which state) and not from codesign.permissions: a
predicate that drifted would otherwise agree with itself. The walk is one
test per route; inside it each role meets each state, and every mismatch is
collected so a failure lists them all.

Outcomes: LOGIN (sent to sign in), FORBIDDEN (403), NOT_FOUND (404),
BROKEN_LINK (400, a link that is not ours), OK (2xx, or a redirect that is
not to sign in: the action happened or its page explained why not), and
ERROR_OK (OK, or the form shown again with a message, 422) for the allowed
roles where a state change may no longer apply by the time they try.
"""
from dataclasses import dataclass, field

import pytest
from flask import session
from flask_wtf.csrf import generate_csrf
from helpers import PASSWORD
from permission_world import (
    ROLES,
    adopt_form,
    build_world,
    challenge_form,
    idea_form,
    partner_form,
    pilot_card_form,
    pilot_close_form,
    pilot_figures_form,
    playbook_form,
    promote_form,
    proposal_fields,
    proposal_status_form,
)

from codesign.extensions import db

LOGIN, FORBIDDEN, NOT_FOUND, BROKEN_LINK = "LOGIN", "FORBIDDEN", "NOT_FOUND", "BROKEN_LINK"
OK, ERROR_OK, INVALID = "OK", "ERROR_OK", "INVALID"

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
CONFIRMED = SIGNED_IN - {"unconfirmed"}
PARTICIPANTS = CONFIRMED - {"blocked"}
MODERATORS = frozenset({"moderator", "staff", "admin"})
CONNECTORS = MODERATORS | {"connector"}
STAFF = frozenset({"staff", "admin"})
ADMINS = frozenset({"admin"})
NOBODY = frozenset()

# Who gets past the route's door at all; the others are sent to sign in
# (anonymous) or refused (403).
GATES = {"public": EVERYONE, "signed_in": SIGNED_IN, "participant": PARTICIPANTS,
         "connector": CONNECTORS, "moderator": MODERATORS, "staff": STAFF, "admin": ADMINS}

# The states of each kind of object the walk tries. "own" is the visitor's
# own (anonymous visitors meet a resident's); "others" belongs to another
# resident; "hidden", "withdrawn" and "merged" are another resident's idea
# hidden by a moderator, withdrawn, or marked a duplicate.
STATES = {
    None: ("-",),
    "idea": ("own", "others", "hidden", "withdrawn", "merged", "own_hidden", "own_withdrawn"),
    "comment": ("own", "others", "hidden", "own_hidden", "on_hidden_idea"),
    "proposal": ("open", "draft", "decided"),
    "proposal_comment": ("own", "others", "hidden"),
    # staff_member: an account of a higher rank than a moderator's.
    "user": ("own", "others", "blocked", "staff_member", "unconfirmed", "other_admin"),
    # own: an appeal against a hiding the visitor did; decided: a replay.
    "appeal": ("own", "others", "decided"),
    "notification": ("own", "others"),
    "challenge": ("-",),
    "area": ("-",),
    "link": ("bad",),
    "language": ("offered", "unknown"),
    "unsubscribe": ("bad", "good"),
    "pilot": ("planned", "running", "closed"),
    "partner": ("pending", "confirmed", "declined"),
    "offer": ("pending", "accepted"),
    # A signed-in browser: the visitor's other device, or someone else's.
    "user_session": ("own", "others"),
    # An assisted resident's reference number: one that exists, and one that does not.
    "resident": ("known", "unknown"),
    # A pilot that worked, with a published playbook, a draft one or none;
    # a pilot that did not work. practice_file: a file of such a playbook.
    "practice": ("published", "draft", "none", "failed"),
    "practice_file": ("published", "draft"),
    "accessibility_report": ("open", "dealt_with"),
    "reach_question": ("known",),
    "reach_place": ("-",),
}


@dataclass(frozen=True)
class Route:
    gate: str
    subject: str | None = None
    # state -> roles allowed ("*": every state not named).
    allow: dict = field(default_factory=lambda: {"*": EVERYONE})
    # state -> roles for whom the object does not exist at all (404).
    unseen: dict = field(default_factory=dict)
    # state -> roles who could have pressed the button before the state
    # changed, and are told why it no longer applies (ERROR_OK), not refused.
    explained: dict = field(default_factory=dict)
    refused: str = FORBIDDEN
    ok: str = OK
    data: object = None  # a dict, or data(world, role, state) -> dict

    def expected(self, role, state):
        if role not in GATES[self.gate]:
            return LOGIN if role == "anonymous" else FORBIDDEN
        if role in self.unseen.get(state, NOBODY):
            return NOT_FOUND
        if role in self.allow.get(state, self.allow.get("*", NOBODY)):
            return self.ok
        if role in self.explained.get(state, NOBODY):
            return ERROR_OK
        return self.refused


COMMENT = {"body": "I would use this every day."}
REPORT = {"reason": "spam", "note": ""}
HIDE = {"reason": "offensive", "note": "Please keep it civil", "next": "/moderation"}
NOTE = {"note": "", "next": "/moderation"}

P, S, G = "public", "signed_in", "participant"

HOW = {"channel": "desk", "where": "Central Library", "agreed": "y"}


def assisted_idea_form(w, role, state):
    return {**idea_form(w, role, state), **HOW}


def assisted_comment_form(w, role, state):
    return {"idea": str(w.shared["idea", "others"]["idea_id"]), "body": "Longer hours, please.",
            **HOW}


def assisted_support_form(w, role, state):
    return {"idea": str(w.shared["idea", "others"]["idea_id"]), **HOW}
GET, POST, BOTH = ("GET",), ("POST",), ("GET", "POST")


def rows():
    """(methods, endpoint, Route) for every route of the app."""
    return [
        # -- pages anyone may open ------------------------------------------------
        (GET, "static", Route(P)),
        (GET, "main.index", Route(P)),
        (GET, "main.healthz", Route(P)),
        (GET, "main.search", Route(P)),
        (GET, "main.choose_language", Route(P, "language", unseen={"unknown": EVERYONE})),
        (GET, "main.favicon", Route(P)),
        (GET, "main.open_data", Route(P)),
        # Signed-in visitors are sent on from register and sign-in: a redirect.
        (BOTH, "auth.register", Route(P, data={
            "email": "newcomer@example.org", "display_name": "Newcomer",
            "password": PASSWORD, "confirm": PASSWORD})),
        (GET, "auth.check_email", Route(P)),
        (GET, "auth.confirm", Route(P, "link", allow={}, refused=BROKEN_LINK)),
        (GET, "auth.login", Route(P)),
        (POST, "auth.login", Route(P, ok=ERROR_OK, data={
            "email": "nobody@example.test", "password": "not the password"})),
        (POST, "auth.logout", Route(P)),
        (BOTH, "auth.reset", Route(P, data={"email": "nobody@example.test"})),
        (BOTH, "auth.reset_password", Route(P, "link", allow={}, refused=BROKEN_LINK,
                                            data={"password": PASSWORD, "confirm": PASSWORD})),
        (POST, "auth.resend", Route(S)),
        (GET, "ideas.index", Route(P)),
        (GET, "ideas.similar", Route(P)),
        (GET, "ideas.detail", Route(P, "idea")),
        (GET, "ideas.comments", Route(P, "idea")),
        (GET, "api.ideas", Route(P)),
        # Open data never shows a hidden idea, not even to its author.
        (GET, "api.idea", Route(P, "idea", unseen={"hidden": EVERYONE, "own_hidden": EVERYONE})),
        (GET, "api.idea_comments", Route(P, "idea", unseen={
            "hidden": EVERYONE, "own_hidden": EVERYONE})),
        (GET, "api.proposals", Route(P)),
        (GET, "api.proposal", Route(P, "proposal", unseen={"draft": EVERYONE})),
        (GET, "proposals.index", Route(P)),
        (GET, "proposals.detail", Route(P, "proposal", unseen={"draft": EVERYONE - STAFF})),
        # A planned pilot is for staff; a started one is public, and open data
        # never shows a planned one.
        (GET, "pilots.index", Route(P)),
        (GET, "pilots.detail", Route(P, "pilot", unseen={"planned": EVERYONE - STAFF})),
        (GET, "pilots.measurements_csv", Route(P, "pilot", unseen={"planned": EVERYONE - STAFF})),
        (GET, "api.pilots", Route(P)),
        (GET, "api.pilot", Route(P, "pilot", unseen={"planned": EVERYONE})),
        # Playbooks: a draft (and its files) is for staff; open data never shows one.
        (GET, "practices.index", Route(P)),
        (GET, "practices.playbook", Route(P, "practice", unseen={
            "draft": EVERYONE - STAFF, "none": EVERYONE - STAFF, "failed": EVERYONE})),
        (GET, "practices.download", Route(P, "practice_file", unseen={
            "draft": EVERYONE - STAFF})),
        (GET, "api.practices", Route(P)),
        (GET, "api.practice", Route(P, "practice", unseen={
            "draft": EVERYONE, "none": EVERYONE, "failed": EVERYONE})),
        (BOTH, "notifications.unsubscribe", Route(P, "unsubscribe", allow={"good": EVERYONE},
                                                  refused=BROKEN_LINK)),

        # -- residents taking part ----------------------------------------------------
        (BOTH, "ideas.new", Route(G, data=idea_form)),
        # Only the author, and only while nobody has responded and it is shown.
        # A state that changed since the page was shown is explained to those
        # who could have pressed the button; others are refused.
        (BOTH, "ideas.edit", Route(G, "idea", allow={"own": PARTICIPANTS}, data=idea_form,
                                   explained={"own_hidden": PARTICIPANTS,
                                              "own_withdrawn": PARTICIPANTS})),
        (POST, "ideas.withdraw", Route(G, "idea", allow={
            "own": PARTICIPANTS, "own_hidden": PARTICIPANTS},
            explained={"own_withdrawn": PARTICIPANTS})),
        (POST, "ideas.support", Route(G, "idea", allow={
            "own": PARTICIPANTS, "others": PARTICIPANTS}, explained={
            "withdrawn": PARTICIPANTS, "merged": PARTICIPANTS, "own_withdrawn": PARTICIPANTS})),
        # Taking support back is refused only where the idea cannot be seen.
        (POST, "ideas.unsupport", Route(G, "idea", allow={
            "*": PARTICIPANTS, "hidden": NOBODY, "own_hidden": NOBODY})),
        (POST, "ideas.add_comment", Route(G, "idea", data=COMMENT, allow={
            "*": PARTICIPANTS, "hidden": NOBODY, "own_hidden": NOBODY},
            explained={"own_hidden": PARTICIPANTS, "hidden": MODERATORS})),
        (BOTH, "ideas.edit_comment", Route(G, "comment", allow={"own": PARTICIPANTS},
                                           data=COMMENT)),
        (POST, "ideas.delete_comment", Route(G, "comment", allow={
            "own": PARTICIPANTS, "own_hidden": PARTICIPANTS})),
        (POST, "proposals.add_comment", Route(G, "proposal", data=COMMENT,
                                              allow={"open": PARTICIPANTS},
                                              unseen={"draft": EVERYONE - STAFF},
                                              explained={"decided": PARTICIPANTS,
                                                         "draft": STAFF})),
        (BOTH, "proposals.edit_comment", Route(G, "proposal_comment", allow={"own": PARTICIPANTS},
                                               data=COMMENT)),
        (POST, "proposals.delete_comment", Route(G, "proposal_comment",
                                                 allow={"own": PARTICIPANTS})),
        # Reports: what someone else wrote, while it is shown.
        (BOTH, "moderation.report_idea", Route(G, "idea", data=REPORT, allow={
            "others": PARTICIPANTS, "withdrawn": PARTICIPANTS, "merged": PARTICIPANTS})),
        # A comment on a hidden idea is as unseen as the idea (moderators see both).
        (BOTH, "moderation.report_comment", Route(G, "comment", data=REPORT, allow={
            "others": PARTICIPANTS, "on_hidden_idea": MODERATORS},
            unseen={"on_hidden_idea": EVERYONE - MODERATORS})),
        # An account never confirmed has shown nothing to report.
        (BOTH, "moderation.report_user", Route(G, "user", data=REPORT, allow={
            "*": PARTICIPANTS, "own": NOBODY}, unseen={"unconfirmed": EVERYONE})),
        # The author of a hidden item, even unconfirmed or blocked, appeals.
        (BOTH, "moderation.appeal_idea", Route(S, "idea", allow={"own_hidden": SIGNED_IN},
                                               data={"text": "It was about the bus route."})),
        (BOTH, "moderation.appeal_comment", Route(S, "comment", allow={"own_hidden": SIGNED_IN},
                                                  data={"text": "It was on topic."})),

        # -- following and notifications ---------------------------------------------
        (GET, "notifications.index", Route(S)),
        (POST, "notifications.read", Route(S, "notification", unseen={"others": EVERYONE})),
        (POST, "notifications.read_all", Route(S)),
        (BOTH, "notifications.settings", Route(S, data={"email_preference": "off"})),
        (POST, "notifications.renew_unsubscribe_links", Route(S)),
        # One's own account; a blocked account keeps its display name.
        (GET, "account.index", Route(S)),
        (POST, "account.change_name", Route(S, allow={"*": SIGNED_IN - {"blocked"}},
                                            data=lambda world, role, state: {
                                                "display_name": f"Renamed {role}"})),
        (POST, "account.change_email", Route(S, data={"new_email": "moving@example.org",
                                                      "email_password": PASSWORD})),
        (POST, "account.change_password", Route(S, data={
            "current_password": PASSWORD, "password": "another long passphrase here",
            "confirm": "another long passphrase here"})),
        (BOTH, "account.confirm_email", Route(P, "link", allow={}, refused=BROKEN_LINK)),
        (POST, "account.sign_out_everywhere", Route(S)),
        (POST, "account.end_session", Route(S, "user_session", allow={"own": SIGNED_IN},
                                            unseen={"others": EVERYONE})),
        (GET, "account.data", Route(S)),
        (POST, "account.download_data", Route(S)),
        # A confirmed address is needed to follow; a hidden idea is followed
        # only by those who can see it (its author and moderators).
        (POST, "notifications.follow_idea", Route(S, "idea", allow={
            "*": CONFIRMED, "hidden": MODERATORS})),
        (POST, "notifications.unfollow_idea", Route(S, "idea")),
        (POST, "notifications.follow_proposal", Route(S, "proposal", allow={"*": CONFIRMED},
                                                      unseen={"draft": EVERYONE - STAFF})),
        (POST, "notifications.unfollow_proposal", Route(S, "proposal",
                                                        unseen={"draft": EVERYONE - STAFF})),

        # -- moderators ----------------------------------------------------------------
        (GET, "moderation.queue", Route("moderator")),
        (GET, "moderation.log", Route("moderator")),
        (GET, "moderation.new_accounts", Route("moderator")),
        # A hide, restore or dismiss that no longer applies is a message; on
        # what the moderator wrote, another moderator decides.
        *[(POST, f"moderation.{action}_{kind}", Route("moderator", kind, data=data, allow={
            "*": MODERATORS, **{state: NOBODY for state in STATES[kind] if state.startswith("own")}}))
          for kind in ("idea", "comment")
          for action, data in (("hide", HIDE), ("restore", NOTE), ("dismiss", NOTE))],
        # Accounts: never one's own, nor an equal or higher role.
        *[(POST, f"moderation.{action}_user", Route("moderator", "user", data=data, allow={
            "others": MODERATORS, "blocked": MODERATORS, "unconfirmed": MODERATORS,
            "staff_member": ADMINS}))
          for action, data in (("block", {**HIDE, "reason": "spam"}), ("unblock", NOTE),
                               ("dismiss", NOTE))],
        # Not the moderator who hid the item; a decided appeal is a message.
        (POST, "moderation.decide_appeal", Route("moderator", "appeal", allow={
            "others": MODERATORS, "decided": MODERATORS},
            data={"outcome": "uphold", "note": "It stays hidden.", "next": "/moderation"})),

        # -- assisted participation (codesign/assist) ----------------------------------
        (BOTH, "assist.start", Route("connector", ok=ERROR_OK, data={
            "name": "Ada Lovelace", "postcode": "CF10 1AB", "email": "", "phone": "",
            "language": "en", "agreed": "y"})),
        *[(GET, f"assist.{name}", Route("connector", "resident", unseen={"unknown": EVERYONE}))
          for name in ("resident", "slip")],
        # A second support for the same resident is refused with a message (422).
        *[(BOTH, f"assist.enter_{name}", Route("connector", "resident", ok=ERROR_OK,
                                               unseen={"unknown": EVERYONE}, data=data))
          for name, data in (("idea", assisted_idea_form), ("comment", assisted_comment_form),
                             ("support", assisted_support_form))],
        # The resident's answers to the profile questions ("prefer not to say" is always offered).
        (BOTH, "assist.answers", Route("connector", "resident", unseen={"unknown": EVERYONE},
                                       data={"age": "prefer_not"})),
        (GET, "assist.audit", Route("moderator")),
        (GET, "assist.track_form", Route(P)),
        (GET, "assist.track", Route(P, "resident", unseen={"unknown": EVERYONE})),

        # -- staff --------------------------------------------------------------------
        (GET, "staff.dashboard", Route("staff")),
        *[(GET, f"staff.export_{name}", Route("staff"))
          for name in ("ideas_csv", "ideas_json", "proposals_csv", "proposals_json")],
        # Whether a status change or a merge still applies is the page's message.
        (BOTH, "staff.idea_status", Route("staff", "idea", ok=ERROR_OK, data={
            "status": "under_review", "response": "We are looking at it."})),
        (BOTH, "staff.merge", Route("staff", "idea", ok=ERROR_OK, data=lambda w, r, s: {
            "target": str(w.target_idea_id), "response": "The same as another idea."})),
        (BOTH, "staff.unmerge", Route("staff", "idea", ok=ERROR_OK, data={
            "response": "Different after all."})),
        # Hidden, withdrawn and duplicate ideas do not become proposals.
        (BOTH, "proposals.promote", Route("staff", "idea", data=promote_form, allow={
            "own": STAFF, "others": STAFF})),
        (BOTH, "proposals.edit", Route("staff", "proposal", data=proposal_fields)),
        (BOTH, "proposals.status", Route("staff", "proposal", ok=ERROR_OK,
                                         data=proposal_status_form)),
        # Staff plan and run pilots. A step that no longer applies (a proposal
        # not approved, a pilot started or closed meanwhile) is the page's message.
        (BOTH, "pilots.new", Route("staff", "proposal", ok=ERROR_OK, data=pilot_card_form)),
        (BOTH, "pilots.edit", Route("staff", "pilot", ok=ERROR_OK, data=pilot_card_form)),
        (POST, "pilots.start", Route("staff", "pilot")),
        (BOTH, "pilots.figures", Route("staff", "pilot", ok=ERROR_OK, data=pilot_figures_form)),
        (POST, "pilots.upload", Route("staff", "pilot", ok=ERROR_OK)),
        (BOTH, "pilots.close", Route("staff", "pilot", ok=ERROR_OK, data=pilot_close_form)),
        # Staff write a playbook, attach and remove files, and adopt a practice;
        # a pilot that did not work (or has no published playbook) is refused
        # with the reason on the page it redirects to.
        (BOTH, "practices.edit", Route("staff", "practice", ok=ERROR_OK, data=playbook_form)),
        (POST, "practices.upload", Route("staff", "practice", ok=ERROR_OK)),
        (POST, "practices.delete_file", Route("staff", "practice_file")),
        (BOTH, "practices.adopt", Route("staff", "practice", ok=ERROR_OK, data=adopt_form)),

        # -- who is being heard (codesign/reach) ----------------------------------------
        # Anyone signed in may answer the questions about themselves; the form
        # is shown again (422) only for an answer not offered.
        (BOTH, "reach.about_you", Route(S, data={"age": "25_34"})),
        (GET, "reach.index", Route("staff")),
        *[(GET, f"reach.{kind}_{page}", Route("staff", kind))
          for kind in ("area", "challenge", "proposal") for page in ("report", "csv")],
        (BOTH, "reach.admin", Route("admin", data={"ask_age": "y"})),
        (BOTH, "reach.places", Route("admin", ok=ERROR_OK, data={"name": "Hillside ward"})),
        (POST, "reach.remove_place", Route("admin", "reach_place")),
        (BOTH, "reach.reference", Route("admin", "reach_question", data={
            "source": "Census 2021", "year": "2021", "share_16_24": "14"})),

        # -- administrators -------------------------------------------------------------
        *[(GET, f"admin.{page}", Route("admin"))
          for page in ("index", "areas", "challenges", "users")],
        (BOTH, "admin.new_area", Route("admin", data={"name": "Parks", "description": ""})),
        (BOTH, "admin.edit_area", Route("admin", "area", data={
            "name": "Streets", "description": ""})),
        (BOTH, "admin.new_challenge", Route("admin", data=challenge_form)),
        (BOTH, "admin.edit_challenge", Route("admin", "challenge", data=challenge_form)),
        (POST, "admin.close_challenge", Route("admin", "challenge")),
        (POST, "admin.reopen_challenge", Route("admin", "challenge")),
        (GET, "admin.user", Route("admin", "user")),
        # Lowering one's own role is explained beside the field.
        (POST, "admin.change_role", Route("admin", "user", ok=ERROR_OK,
                                          data={"role": "moderator"})),
        # Another admin is neither blocked nor demoted from the site (only by an
        # operator: `flask users set-role`); the role form explains it.
        (POST, "admin.block", Route("admin", "user", ok=ERROR_OK, allow={
            "*": ADMINS, "own": NOBODY, "other_admin": NOBODY},
            data={"reason": "spam", "note": "For the log"})),
        (POST, "admin.unblock", Route("admin", "user", ok=ERROR_OK, allow={
            "*": ADMINS, "own": NOBODY, "other_admin": NOBODY}, data={"note": ""})),

        # -- the council's settings and privacy notice (codesign/sitesettings.py) --------
        (GET, "brand.stylesheet", Route(P)),
        (GET, "brand.logo", Route(P, unseen={"-": EVERYONE})),  # none uploaded in this world
        (GET, "privacy.show", Route(P)),
        (POST, "privacy.seen", Route(S, data={"next": "/ideas"})),
        (BOTH, "admin.settings", Route("admin", data={"name": "Northshire", "colour": "#1d70b8"})),
        (BOTH, "admin.privacy", Route("admin", data={"notice": "Our privacy notice."})),
        (POST, "admin.test_mail", Route("admin")),
        # -- the accessibility statement and the problems reported from it ---------------
        (GET, "accessibility.statement", Route(P)),
        # Anyone may report; the form without its text is shown again (422).
        (BOTH, "accessibility.report", Route(P, ok=ERROR_OK, data={"page": "/ideas"})),
        (GET, "accessibility.reports", Route("staff")),
        (POST, "accessibility.dealt_with", Route("staff", "accessibility_report")),
        # -- deleting an account ----------------------------------------------------------
        # Anyone signed in may ask; a wrong password is a message beside the field.
        (GET, "deletion.delete_account", Route(S)),
        (POST, "deletion.delete_account", Route(S, ok=ERROR_OK, data={
            "password": "not the password", "confirm": "DELETE"})),
        (GET, "deletion.deleted", Route(P)),
        # An admin deletes on someone's behalf: never their own account here nor
        # another admin's; a pending appeal (Olive's) is a message.
        (BOTH, "deletion.admin_delete", Route("admin", "user", ok=ERROR_OK, allow={
            "*": ADMINS, "own": NOBODY, "other_admin": NOBODY},
            data={"reason": "Request by letter", "confirm": "DELETE"})),
    ]



def partner_rows():
    """Partners (issue 15): organisations show once an admin confirms them;
    anyone taking part may offer or join, and is told why when they cannot
    yet (no confirmed organisation, a proposal not open): the form's message."""
    not_admin = EVERYONE - ADMINS
    draft_unseen = {"draft": EVERYONE - STAFF}
    offer = {"kind": "skills", "description": "Two volunteers."}
    return [
        (GET, "partners.index", Route(P)),
        (GET, "partners.detail", Route(P, "partner", unseen={
            "pending": not_admin, "declined": not_admin})),
        (BOTH, "partners.register", Route(G, ok=ERROR_OK, data=partner_form)),
        (GET, "partners.manage", Route("admin")),
        *[(POST, f"partners.{name}", Route("admin", "partner", ok=ERROR_OK, data=data))
          for name, data in (("confirm", None), ("decline", None), ("remove_member", None),
                             ("add_member", {"email": "rosa@example.test"}))],
        (BOTH, "partners.offer_idea", Route(G, "idea", ok=ERROR_OK, data=offer, allow={
            "*": PARTICIPANTS, "hidden": NOBODY, "own_hidden": NOBODY})),
        (BOTH, "partners.offer_proposal", Route(G, "proposal", ok=ERROR_OK, data=offer,
                                                unseen=draft_unseen)),
        (POST, "partners.accept_offer", Route("staff", "offer", ok=ERROR_OK)),
        (POST, "partners.decline_offer", Route("staff", "offer", ok=ERROR_OK)),
        (BOTH, "partners.join_group", Route(G, "proposal", ok=ERROR_OK, unseen=draft_unseen,
                                            data={"note": "I can test it."})),
        (POST, "partners.leave_group", Route(S, "proposal", unseen=draft_unseen)),
        (GET, "partners.design_group", Route("staff", "proposal")),
        (POST, "partners.message_group", Route("staff", "proposal", ok=ERROR_OK,
                                               data={"message": "Hello, group."})),
    ]


TABLE = {(endpoint, method): route
         for methods, endpoint, route in rows() + partner_rows() for method in methods}


@pytest.fixture
def world(app, monkeypatch):
    # Enough reports would hide an item part-way through the walk.
    monkeypatch.setitem(app.config, "REPORT_HIDE_THRESHOLD", 1_000)
    with app.app_context():
        built = build_world()
        db.session.remove()
    return built


# --- the walk -------------------------------------------------------------------

class Visitor:
    """A client signed in as the role (or not), with a valid CSRF token."""

    def __init__(self, app, client, login_id):
        self.client = client
        if login_id is not None:
            with client.session_transaction() as stored:
                stored["_user_id"], stored["_fresh"] = login_id, True
        with app.test_request_context():
            self.token, raw = generate_csrf(), session["csrf_token"]
        with client.session_transaction() as stored:
            stored["csrf_token"] = raw

    def send(self, method, address, data):
        if method == "GET":
            return self.client.get(address)
        return self.client.post(address, data={**data, "csrf_token": self.token})


def outcome(response):
    status, location = response.status_code, response.headers.get("Location", "")
    if status in (301, 302, 303) and location.startswith("/auth/login"):
        return LOGIN
    if status < 400:
        return OK
    named = {400: BROKEN_LINK, 403: FORBIDDEN, 404: NOT_FOUND, 422: INVALID}
    return named.get(status, f"HTTP {status}")


def matches(expected, got):
    return got in (OK, INVALID) if expected == ERROR_OK else got == expected


def rules_of(app):
    """(endpoint, method) -> its addresses: an endpoint may answer at an older
    address too (/ideas/<id>/vote beside /support), and each is walked."""
    rules = {}
    for rule in app.url_map.iter_rules():
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            rules.setdefault((rule.endpoint, method), []).append(rule)
    return rules


def address(app, rule, values):
    if rule.endpoint == "static":
        values = {"filename": "css/app.css"}
    with app.test_request_context():
        _domain, path = rule.build({name: values[name] for name in rule.arguments})
        return path


def test_every_route_has_a_row(app):
    assert set(rules_of(app)) == set(TABLE)


def test_the_table_names_only_known_states_and_roles():
    for key, route in TABLE.items():
        states = set(STATES[route.subject]) | {"*"}
        for table in (route.allow, route.unseen, route.explained):
            assert set(table) <= states, key
            assert all(set(roles) <= EVERYONE for roles in table.values()), key


@pytest.mark.parametrize("endpoint, method", sorted(TABLE), ids=lambda part: part)
def test_each_role_in_each_state_gets_what_the_table_says(app, make_client, world, endpoint,
                                                          method):
    route = TABLE[endpoint, method]
    mismatches = []
    for rule in rules_of(app)[endpoint, method]:
        for role in ROLES:
            visitor = Visitor(app, make_client(), world.logins.get(role))
            for state in STATES[route.subject]:
                data = route.data(world, role, state) if callable(route.data) else route.data or {}
                response = visitor.send(method, address(app, rule, world.subject(
                    route.subject, state, role)), data)
                want, got = route.expected(role, state), outcome(response)
                if not matches(want, got):
                    mismatches.append(f"{method} {rule.rule}: {role} on {state}: expected {want}, "
                                      f"got {got} ({response.status_code} "
                                      f"{response.headers.get('Location', '')})")
    assert not mismatches, "\n" + "\n".join(mismatches)


# --- item 35: the staff areas are closed to residents ---------------------------------

def test_moderator_staff_and_admin_pages_are_forbidden_to_residents(app, make_client, world):
    resident = Visitor(app, make_client(), world.logins["resident"])
    values = {**world.shared["user", "others"], **world.shared["challenge", "-"],
              **world.shared["area", "-"]}
    pages = ["/moderation", "/moderation/log", "/moderation/new-accounts", "/staff",
             "/staff/exports/ideas.csv", "/staff/exports/ideas.json",
             "/staff/exports/proposals.csv", "/staff/exports/proposals.json"]
    pages += [address(app, rule, values) for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("admin.") and "GET" in rule.methods]
    # Eleven: with /admin/settings and /admin/settings/privacy.
    assert len([page for page in pages if page.startswith("/admin")]) == 11
    # Who is being heard (codesign/reach): the report and its administration.
    pages += ["/staff/reach", "/admin/reach", "/admin/reach/places", "/admin/reach/references/age"]
    for page in pages:
        assert resident.client.get(page).status_code == 403, page
