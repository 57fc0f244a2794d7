"""Every route, for every kind of visitor: one table, walked against app.url_map,
so a new route without a row fails here until someone says who may use it.

Staff, moderators and administrators meet each route in
test_permission_matrix.py; here each route is tried by a visitor, an
unconfirmed account, a resident and the resident who owns what it acts on,
and once by an administrator with an id that does not exist."""
import re

import pytest
from flask import session
from flask_wtf.csrf import generate_csrf
from helpers import sign_in
from permission_world import PILOT_CARD
from sqlalchemy import select
from test_csrf import EXEMPT

from codesign.auth import sessions
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import (
    AccessibilityReport,
    Appeal,
    Comment,
    Idea,
    Notification,
    Offer,
    Partner,
    Pilot,
    PilotCard,
    Proposal,
    Support,
    User,
)
from codesign.models.account import UserSession
from codesign.notifications.mailing import unsubscribe_token

LOGIN = "login"  # a redirect to the sign-in page
ROLES = ("anonymous", "unconfirmed", "other", "owner")
UNKNOWN_ID = 999_999
# Moderators, staff or administrators only (an unknown id is 404 to them).
PRIVILEGED = ((LOGIN, 403, 403, 403), 404)
PRIVILEGED_PAGE = ((LOGIN, 403, 403, 403), None)

# (endpoint, method): statuses for (anonymous, unconfirmed, confirmed non-owner,
# owner), then the status an administrator gets when the route's last id is
# unknown (None: no id). The owner wrote the idea and both comments, and is
# the account and the notification the routes name; 302 means a redirect
# elsewhere than the sign-in page.
TABLE = {
    ("static", "GET"): ((200, 200, 200, 200), 404),
    ("main.index", "GET"): ((200, 200, 200, 200), None),
    ("main.healthz", "GET"): ((200, 200, 200, 200), None),
    ("main.search", "GET"): ((200, 200, 200, 200), None),
    ("main.choose_language", "GET"): ((302, 302, 302, 302), 404),
    ("main.favicon", "GET"): ((200, 200, 200, 200), None),
    ("main.open_data", "GET"): ((200, 200, 200, 200), None),
    # Signed-in visitors are sent on from the register and sign-in pages; a
    # broken emailed link (confirm, reset, unsubscribe) is a 400 page for everyone.
    ("auth.register", "GET"): ((200, 302, 302, 302), None),
    ("auth.register", "POST"): ((422, 302, 302, 302), None),
    ("auth.check_email", "GET"): ((200, 200, 200, 200), None),
    ("auth.confirm", "GET"): ((400, 400, 400, 400), None),
    ("auth.login", "GET"): ((200, 302, 302, 302), None),
    ("auth.login", "POST"): ((422, 422, 422, 422), None),
    ("auth.logout", "POST"): ((302, 302, 302, 302), None),
    ("auth.reset", "GET"): ((200, 200, 200, 200), None),
    ("auth.reset", "POST"): ((422, 422, 422, 422), None),
    ("auth.reset_password", "GET"): ((400, 400, 400, 400), None),
    ("auth.reset_password", "POST"): ((400, 400, 400, 400), None),
    ("auth.resend", "POST"): ((LOGIN, 302, 302, 302), None),
    ("ideas.index", "GET"): ((200, 200, 200, 200), None),
    ("ideas.similar", "GET"): ((200, 200, 200, 200), None),
    ("ideas.new", "GET"): ((LOGIN, 403, 200, 200), None),
    ("ideas.new", "POST"): ((LOGIN, 403, 302, 302), None),
    ("ideas.detail", "GET"): ((200, 200, 200, 200), 404),
    ("ideas.edit", "GET"): ((LOGIN, 403, 403, 200), 404),
    ("ideas.edit", "POST"): ((LOGIN, 403, 403, 302), 404),
    ("ideas.withdraw", "POST"): ((LOGIN, 403, 403, 302), 404),
    ("ideas.support", "POST"): ((LOGIN, 403, 302, 302), 404),
    ("ideas.unsupport", "POST"): ((LOGIN, 403, 302, 302), 404),
    ("ideas.comments", "GET"): ((302, 302, 302, 302), 404),
    ("ideas.add_comment", "POST"): ((LOGIN, 403, 302, 302), 404),
    ("ideas.edit_comment", "GET"): ((LOGIN, 403, 403, 200), 404),
    ("ideas.edit_comment", "POST"): ((LOGIN, 403, 403, 302), 404),
    ("ideas.delete_comment", "POST"): ((LOGIN, 403, 403, 302), 404),
    ("api.ideas", "GET"): ((200, 200, 200, 200), None),
    ("api.idea", "GET"): ((200, 200, 200, 200), 404),
    ("api.idea_comments", "GET"): ((200, 200, 200, 200), 404),
    ("api.proposals", "GET"): ((200, 200, 200, 200), None),
    ("api.proposal", "GET"): ((200, 200, 200, 200), 404),
    # Reporting: what someone else wrote, or someone else's account.
    ("moderation.report_idea", "GET"): ((LOGIN, 403, 200, 403), 404),
    ("moderation.report_idea", "POST"): ((LOGIN, 403, 302, 403), 404),
    ("moderation.report_comment", "GET"): ((LOGIN, 403, 200, 403), 404),
    ("moderation.report_comment", "POST"): ((LOGIN, 403, 302, 403), 404),
    ("moderation.report_user", "GET"): ((LOGIN, 403, 200, 403), 404),
    ("moderation.report_user", "POST"): ((LOGIN, 403, 302, 403), 404),
    # Appeals are for the author of a hidden item; these are shown.
    ("moderation.appeal_idea", "GET"): ((LOGIN, 403, 403, 403), 404),
    ("moderation.appeal_idea", "POST"): ((LOGIN, 403, 403, 403), 404),
    ("moderation.appeal_comment", "GET"): ((LOGIN, 403, 403, 403), 404),
    ("moderation.appeal_comment", "POST"): ((LOGIN, 403, 403, 403), 404),
    ("moderation.queue", "GET"): PRIVILEGED_PAGE,
    ("moderation.log", "GET"): PRIVILEGED_PAGE,
    ("moderation.new_accounts", "GET"): PRIVILEGED_PAGE,
    # Connectors and above (codesign/assist); the reference number here is nobody's.
    ("assist.start", "GET"): PRIVILEGED_PAGE,
    ("assist.start", "POST"): PRIVILEGED_PAGE,
    ("assist.resident", "GET"): PRIVILEGED,
    ("assist.slip", "GET"): PRIVILEGED,
    **{("assist.enter_" + name, method): PRIVILEGED
       for name in ("idea", "comment", "support") for method in ("GET", "POST")},
    ("assist.answers", "GET"): PRIVILEGED,
    ("assist.answers", "POST"): PRIVILEGED,
    ("assist.audit", "GET"): PRIVILEGED_PAGE,
    ("assist.track_form", "GET"): ((200, 200, 200, 200), None),
    ("assist.track", "GET"): ((404, 404, 404, 404), 404),
    ("moderation.hide_idea", "POST"): PRIVILEGED,
    ("moderation.restore_idea", "POST"): PRIVILEGED,
    ("moderation.dismiss_idea", "POST"): PRIVILEGED,
    ("moderation.hide_comment", "POST"): PRIVILEGED,
    ("moderation.restore_comment", "POST"): PRIVILEGED,
    ("moderation.dismiss_comment", "POST"): PRIVILEGED,
    ("moderation.block_user", "POST"): PRIVILEGED,
    ("moderation.unblock_user", "POST"): PRIVILEGED,
    ("moderation.dismiss_user", "POST"): PRIVILEGED,
    ("moderation.decide_appeal", "POST"): PRIVILEGED,
    ("staff.dashboard", "GET"): PRIVILEGED_PAGE,
    ("staff.export_ideas_csv", "GET"): PRIVILEGED_PAGE,
    ("staff.export_ideas_json", "GET"): PRIVILEGED_PAGE,
    ("staff.export_proposals_csv", "GET"): PRIVILEGED_PAGE,
    ("staff.export_proposals_json", "GET"): PRIVILEGED_PAGE,
    ("staff.idea_status", "GET"): PRIVILEGED,
    ("staff.idea_status", "POST"): PRIVILEGED,
    ("staff.merge", "GET"): PRIVILEGED,
    ("staff.merge", "POST"): PRIVILEGED,
    ("staff.unmerge", "GET"): PRIVILEGED,
    ("staff.unmerge", "POST"): PRIVILEGED,
    ("proposals.index", "GET"): ((200, 200, 200, 200), None),
    ("proposals.detail", "GET"): ((200, 200, 200, 200), 404),
    ("proposals.promote", "GET"): PRIVILEGED,
    ("proposals.promote", "POST"): PRIVILEGED,
    ("proposals.edit", "GET"): PRIVILEGED,
    ("proposals.edit", "POST"): PRIVILEGED,
    ("proposals.status", "GET"): PRIVILEGED,
    ("proposals.status", "POST"): PRIVILEGED,
    ("proposals.add_comment", "POST"): ((LOGIN, 403, 302, 302), 404),
    ("proposals.edit_comment", "GET"): ((LOGIN, 403, 403, 200), 404),
    ("proposals.edit_comment", "POST"): ((LOGIN, 403, 403, 302), 404),
    ("proposals.delete_comment", "POST"): ((LOGIN, 403, 403, 302), 404),
    ("pilots.index", "GET"): ((200, 200, 200, 200), None),
    ("pilots.detail", "GET"): ((200, 200, 200, 200), 404),
    ("pilots.measurements_csv", "GET"): ((200, 200, 200, 200), 404),
    ("api.pilots", "GET"): ((200, 200, 200, 200), None),
    ("api.pilot", "GET"): ((200, 200, 200, 200), 404),
    **{(f"pilots.{name}", method): PRIVILEGED for name, method in (
        ("new", "GET"), ("new", "POST"), ("edit", "GET"), ("edit", "POST"), ("start", "POST"),
        ("figures", "GET"), ("figures", "POST"), ("upload", "POST"), ("close", "GET"),
        ("close", "POST"))},
    # The world's pilot is running, so it has no playbook (nor files) to show.
    ("practices.index", "GET"): ((200, 200, 200, 200), None),
    ("practices.playbook", "GET"): ((404, 404, 404, 404), 404),
    ("practices.download", "GET"): ((404, 404, 404, 404), 404),
    ("api.practices", "GET"): ((200, 200, 200, 200), None),
    ("api.practice", "GET"): ((404, 404, 404, 404), 404),
    **{(f"practices.{name}", method): PRIVILEGED for name, method in (
        ("edit", "GET"), ("edit", "POST"), ("upload", "POST"), ("delete_file", "POST"),
        ("adopt", "GET"), ("adopt", "POST"))},
    # Following needs a confirmed address; unfollowing never hurts.
    ("notifications.follow_idea", "POST"): ((LOGIN, 403, 302, 302), 404),
    ("notifications.unfollow_idea", "POST"): ((LOGIN, 302, 302, 302), 404),
    ("notifications.follow_proposal", "POST"): ((LOGIN, 403, 302, 302), 404),
    ("notifications.unfollow_proposal", "POST"): ((LOGIN, 302, 302, 302), 404),
    ("notifications.index", "GET"): ((LOGIN, 200, 200, 200), None),
    # Someone else's notification does not exist for you.
    ("notifications.read", "POST"): ((LOGIN, 404, 404, 302), 404),
    ("notifications.read_all", "POST"): ((LOGIN, 302, 302, 302), None),
    ("notifications.settings", "GET"): ((LOGIN, 200, 200, 200), None),
    ("notifications.settings", "POST"): ((LOGIN, 302, 302, 302), None),
    ("notifications.renew_unsubscribe_links", "POST"): ((LOGIN, 302, 302, 302), None),
    ("notifications.unsubscribe", "GET"): ((400, 400, 400, 400), None),
    ("notifications.unsubscribe", "POST"): ((400, 400, 400, 400), None),
    ("admin.index", "GET"): PRIVILEGED_PAGE,
    ("admin.areas", "GET"): PRIVILEGED_PAGE,
    ("admin.new_area", "GET"): PRIVILEGED_PAGE,
    ("admin.new_area", "POST"): PRIVILEGED_PAGE,
    ("admin.edit_area", "GET"): PRIVILEGED,
    ("admin.edit_area", "POST"): PRIVILEGED,
    ("admin.challenges", "GET"): PRIVILEGED_PAGE,
    ("admin.new_challenge", "GET"): PRIVILEGED_PAGE,
    ("admin.new_challenge", "POST"): PRIVILEGED_PAGE,
    ("admin.edit_challenge", "GET"): PRIVILEGED,
    ("admin.edit_challenge", "POST"): PRIVILEGED,
    ("admin.close_challenge", "POST"): PRIVILEGED,
    ("admin.reopen_challenge", "POST"): PRIVILEGED,
    ("admin.users", "GET"): PRIVILEGED_PAGE,
    ("admin.user", "GET"): PRIVILEGED,
    ("admin.change_role", "POST"): PRIVILEGED,
    ("admin.block", "POST"): PRIVILEGED,
    # One's own account (the forms sent here are empty: 422); a session is the
    # owner's other device, and nobody else's.
    ("account.index", "GET"): ((LOGIN, 200, 200, 200), None),
    ("account.change_name", "POST"): ((LOGIN, 422, 422, 422), None),
    ("account.change_email", "POST"): ((LOGIN, 422, 422, 422), None),
    ("account.change_password", "POST"): ((LOGIN, 422, 422, 422), None),
    ("account.confirm_email", "GET"): ((400, 400, 400, 400), None),
    ("account.confirm_email", "POST"): ((400, 400, 400, 400), None),
    ("account.sign_out_everywhere", "POST"): ((LOGIN, 302, 302, 302), None),
    ("account.end_session", "POST"): ((LOGIN, 404, 404, 302), 404),
    ("account.data", "GET"): ((LOGIN, 200, 200, 200), None),
    ("account.download_data", "POST"): ((LOGIN, 200, 200, 200), None),
    ("admin.unblock", "POST"): PRIVILEGED,
    # Partners (issue 15). The world's partner is confirmed; nobody here
    # belongs to it, so an offer is refused with the form's message (422).
    ("partners.index", "GET"): ((200, 200, 200, 200), None),
    ("partners.detail", "GET"): ((200, 200, 200, 200), 404),
    ("partners.register", "GET"): ((LOGIN, 403, 200, 200), None),
    ("partners.register", "POST"): ((LOGIN, 403, 422, 422), None),
    ("partners.manage", "GET"): PRIVILEGED_PAGE,
    **{(f"partners.{name}", "POST"): PRIVILEGED for name in (
        "confirm", "decline", "add_member", "remove_member", "accept_offer", "decline_offer",
        "message_group")},
    ("partners.design_group", "GET"): PRIVILEGED,
    **{(f"partners.{name}", method): ((LOGIN, 403, status, status), 404)
       for name in ("offer_idea", "offer_proposal", "join_group")
       for method, status in (("GET", 200), ("POST", 422))},
    ("partners.leave_group", "POST"): ((LOGIN, 302, 302, 302), 404),
    # The council's settings and privacy notice; no logo is uploaded here.
    ("brand.stylesheet", "GET"): ((200, 200, 200, 200), None),
    ("brand.logo", "GET"): ((404, 404, 404, 404), None),
    ("privacy.show", "GET"): ((200, 200, 200, 200), None),
    ("privacy.seen", "POST"): ((LOGIN, 302, 302, 302), None),
    ("admin.settings", "GET"): PRIVILEGED_PAGE,
    ("admin.settings", "POST"): PRIVILEGED_PAGE,
    ("admin.privacy", "GET"): PRIVILEGED_PAGE,
    ("admin.privacy", "POST"): PRIVILEGED_PAGE,
    ("admin.test_mail", "POST"): PRIVILEGED_PAGE,
    # The accessibility statement; a report sent empty is shown again with messages.
    ("accessibility.statement", "GET"): ((200, 200, 200, 200), None),
    ("accessibility.report", "GET"): ((200, 200, 200, 200), None),
    ("accessibility.report", "POST"): ((422, 422, 422, 422), None),
    ("accessibility.reports", "GET"): PRIVILEGED_PAGE,
    ("accessibility.dealt_with", "POST"): PRIVILEGED,
    # Deleting an account: the form without the password is shown again; the
    # confirmation page only follows a deletion; an admin acts for someone else.
    ("deletion.delete_account", "GET"): ((LOGIN, 200, 200, 200), None),
    ("deletion.delete_account", "POST"): ((LOGIN, 422, 422, 422), None),
    ("deletion.deleted", "GET"): ((302, 302, 302, 302), None),
    ("deletion.admin_delete", "GET"): PRIVILEGED,
    ("deletion.admin_delete", "POST"): PRIVILEGED,
    # Who is being heard: anyone signed in answers about themselves (this
    # world asks no questions, so there is nothing to refuse); the report is
    # staff's, the questions, places and reference population administrators'.
    ("reach.about_you", "GET"): ((LOGIN, 200, 200, 200), None),
    ("reach.about_you", "POST"): ((LOGIN, 302, 302, 302), None),
    ("reach.index", "GET"): PRIVILEGED_PAGE,
    **{(f"reach.{kind}_{page}", "GET"): PRIVILEGED
       for kind in ("area", "challenge", "proposal") for page in ("report", "csv")},
    **{(f"reach.{name}", method): PRIVILEGED_PAGE
       for name in ("admin", "places") for method in ("GET", "POST")},
    ("reach.remove_place", "POST"): PRIVILEGED,
    ("reach.reference", "GET"): PRIVILEGED,
    ("reach.reference", "POST"): PRIVILEGED,
}


def routes(app):
    """(endpoint, method) -> its addresses: an endpoint may answer at an older
    address too (/ideas/<id>/vote beside /support), and each is tried."""
    found = {}
    for rule in app.url_map.iter_rules():
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found.setdefault((rule.endpoint, method), []).append(rule)
    return found


def any_token(app, client):
    """A valid CSRF token for this client's session, also for a visitor."""
    with app.test_request_context():
        token, raw = generate_csrf(), session["csrf_token"]
    with client.session_transaction() as stored:
        stored["csrf_token"] = raw
    return token


@pytest.fixture
def world(app, factory):
    owner, other = factory.user(name="Owner"), factory.user(name="Other")
    unconfirmed = factory.user(name="Unconfirmed", confirmed=False)
    admin, staff = factory.user(name="Admin", role="admin"), factory.user(name="Staff", role="staff")
    area = factory.area()
    challenge = factory.challenge(area=area)
    idea = factory.idea(author=owner, area=area)
    hidden = factory.idea(author=other, area=area, hidden_at=utcnow(), hidden_reason="spam")
    now = utcnow()
    with app.app_context():
        comment = Comment(idea_id=idea.id, author_id=owner.id, body="The owner's note")
        proposal = Proposal(
            title="Open libraries on Sundays", problem="P", proposed_change="C",
            expected_benefits="B", who_it_affects="W", cost_band="unknown", service_area_id=area.id,
            responsible_team="T", decision_due=now.date(), status="open_for_feedback",
            created_by_id=staff.id, comment_count=1)
        db.session.add_all([comment, proposal])
        db.session.flush()
        on_proposal = Comment(proposal_id=proposal.id, author_id=owner.id, body="On the proposal")
        notification = Notification(user_id=owner.id, kind="idea_status", idea_id=idea.id)
        appeal = Appeal(author_id=other.id, idea_id=hidden.id, text="Please look again")
        # Both confirmed users already support it, so unsupport has one to take back.
        db.session.add_all([on_proposal, notification, appeal,
                            Support(user_id=owner.id, idea_id=idea.id),
                            Support(user_id=other.id, idea_id=idea.id)])
        row = db.session.get(Idea, idea.id)
        row.support_count, row.comment_count = 2, 1
        pilot = Pilot(proposal_id=proposal.id, title="Sunday opening", service_area_id=area.id,
                      status="running", started_at=now, created_by_id=staff.id, conclusion="")
        db.session.add(pilot)
        db.session.flush()
        db.session.add(PilotCard(pilot_id=pilot.id, version=1, author_id=staff.id, **PILOT_CARD))
        partner = Partner(name="Green Spokes", kind="charity", website="https://example.org",
                          description="", status="confirmed", created_by_id=other.id)
        db.session.add(partner)
        db.session.flush()
        offer = Offer(partner_id=partner.id, created_by_id=other.id, idea_id=idea.id,
                      kind="venue", description="Our hall.")
        db.session.add(offer)
        sessions.open_session(db.session.get(User, owner.id), "The owner's phone")
        session_id = db.session.scalar(select(UserSession.id).where(
            UserSession.user_id == owner.id))
        report = AccessibilityReport(page="/ideas", problem="Hard to zoom", created_at=now)
        db.session.add(report)
        db.session.flush()
        report_id = report.id
        db.session.commit()
        args = {"idea_id": idea.id, "comment_id": comment.id, "proposal_id": proposal.id,
                "proposal_comment_id": on_proposal.id, "notification_id": notification.id,
                "appeal_id": appeal.id, "user_id": owner.id, "area_id": area.id,
                "challenge_id": challenge.id, "filename": "css/app.css",
                "token": "not-a-real-token", "pilot_id": pilot.id,
                "partner_id": partner.id, "offer_id": offer.id, "code": "en",
                "session_id": session_id, "reference": "AAAA-AAAA-AAAA",
                "attachment_id": UNKNOWN_ID, "playbook_id": UNKNOWN_ID,
                "report_id": report_id,
                "question": "age", "place_id": UNKNOWN_ID}
    return {
        "users": {"anonymous": None, "unconfirmed": unconfirmed, "other": other,
                  "owner": owner, "unknown": admin},
        "args": args,
        "form": {"title": "A title", "description": "Described", "service_area": str(area.id),
                 "body": "A comment", "email": "", "password": "", "reason": "spam",
                 "note": "", "email_preference": "off"},
    }


def url(app, rule, args, unknown=False):
    args = dict(args)
    if "proposal_id" in rule.arguments:
        # A proposal's comment, not the idea's: a comment is under one subject.
        args["comment_id"] = args["proposal_comment_id"]
    values = {name: args[name] for name in rule.arguments}
    if unknown:
        last = re.findall(r"<(?:[^:<>]+:)?([^<>]+)>", rule.rule)[-1]
        values[last] = "nope.css" if last == "filename" else UNKNOWN_ID
    with app.test_request_context():
        return rule.build(values)[1]


def outcome(response):
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.startswith("/auth/login"):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("endpoint, method", sorted(TABLE), ids=lambda part: part)
def test_route_answers_each_kind_of_visitor(app, make_client, world, endpoint, method):
    rules = routes(app).get((endpoint, method))
    assert rules, f"{method} {endpoint} is in the table but not in the app"
    statuses, unknown = TABLE[endpoint, method]
    cases = list(zip(ROLES, statuses, strict=False)) + ([("unknown", unknown)] if unknown is not None else [])
    mismatches = []
    for rule in rules:
        for role, expected in cases:
            client = make_client()
            user = world["users"][role]
            if user is not None:
                sign_in(client, user)
            address = url(app, rule, world["args"], unknown=role == "unknown")
            if method == "GET":
                response = client.get(address)
            else:
                response = client.post(address, data={**world["form"],
                                                      "csrf_token": any_token(app, client)})
            if outcome(response) != expected:
                mismatches.append(f"{rule.rule} {role}: expected {expected}, got "
                                  f"{response.status_code} {response.headers.get('Location', '')}")
    assert not mismatches, mismatches


def test_every_route_is_in_the_table(app):
    assert set(routes(app)) == set(TABLE)


def test_every_state_changing_route_needs_a_csrf_token(app, make_client, world, factory):
    checked, addresses = [], []
    client = make_client()
    sign_in(client, world["users"]["owner"])
    for (endpoint, method), rules in sorted(routes(app).items()):
        if method == "GET" or endpoint in EXEMPT:
            continue
        for rule in rules:
            missing = set(rule.arguments) - set(world["args"])
            assert not missing, f"give test_routes an id for {missing} ({endpoint})"
            response = client.post(url(app, rule, world["args"]), data=world["form"])
            assert response.status_code == 400, (rule.rule, response.status_code)
            assert "Your form expired" in response.get_data(as_text=True)
            checked.append(endpoint)
            addresses.append(rule.rule)
    assert {"ideas.support", "ideas.delete_comment", "moderation.report_user",
            "notifications.settings", "proposals.add_comment"} <= set(checked)
    assert "/ideas/<id:idea_id>/vote" in addresses  # the older address, too
    idea = factory.get(Idea, world["args"]["idea_id"])
    assert idea.withdrawn_at is None and idea.support_count == 2 and idea.comment_count == 1
    comment = factory.get(Comment, world["args"]["comment_id"])
    assert comment.deleted_at is None and comment.body == "The owner's note"
    owner = factory.get(User, world["users"]["owner"].id)
    assert owner.email_preference == "daily"
    assert factory.get(Notification, world["args"]["notification_id"]).read_at is None
    assert factory.get(Proposal, world["args"]["proposal_id"]).comment_count == 1


def test_only_one_click_unsubscribe_goes_without_a_token(app, make_client, world, factory):
    """Exempt: mail clients send RFC 8058 one-click unsubscribes as a bare POST.
    The signed token in the address is the proof, so a bad one is refused."""
    assert EXEMPT == {"notifications.unsubscribe"}
    client = make_client()
    refused = client.post("/notifications/unsubscribe/not-a-real-token")
    assert refused.status_code == 400
    assert "This link does not work" in refused.get_data(as_text=True)
    owner = world["users"]["owner"]
    with app.app_context():
        token = unsubscribe_token(owner)
    done = client.post(f"/notifications/unsubscribe/{token}")
    assert done.status_code == 200
    assert factory.get(User, owner.id).email_preference == "off"
