"""The world the permission matrix walks: an account for each role, and
objects of each kind in each state, owned by each account where that
matters. Built with plain inserts (one password hash for everyone), as the
walk rebuilds it for every route."""
from datetime import timedelta

from helpers import PASSWORD
from sqlalchemy import func, select, update

from codesign.auth import sessions
from codesign.auth.passwords import hash_password
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import (
    AccessibilityReport,
    Appeal,
    AssistedResident,
    Challenge,
    Comment,
    Idea,
    ModerationAction,
    Notification,
    Offer,
    Partner,
    PartnerMember,
    Pilot,
    PilotCard,
    Proposal,
    ReachPlace,
    ServiceArea,
    User,
)
from codesign.models.account import UserSession
from codesign.notifications.mailing import unsubscribe_token

ROLES = ("anonymous", "unconfirmed", "resident", "blocked", "connector", "moderator", "staff",
         "admin")


class World:
    """Ids of everything the walk acts on, and how each role signs in."""

    def __init__(self):
        self.logins = {}  # role -> the login id
        self.own = {}  # (kind, state, role) -> object ids
        self.shared = {}  # (kind, state) -> object ids

    def subject(self, kind, state, role):
        """The URL values naming the object of this kind and state for role."""
        if kind is None:
            return {}
        key = (kind, state, role if role != "anonymous" else "resident")
        if key in self.own:
            return self.own[key]
        return self.shared[kind, state]


def _people(now, password_hash):
    def person(name, role="resident", confirmed=True, blocked=False):
        return User(email=f"{name.lower()}@example.test", display_name=name,
                    password_hash=password_hash, role=role,
                    confirmed_at=now if confirmed else None, blocked_at=now if blocked else None)

    people = {
        "unconfirmed": person("Una", confirmed=False),
        "resident": person("Rosa"),
        "blocked": person("Bob", blocked=True),
        "connector": person("Connie", role="connector"),
        "moderator": person("Mo", role="moderator"),
        "staff": person("Sam", role="staff"),
        "admin": person("Ada", role="admin"),
        # Not visitors: the other author, a blocked resident, a staff
        # member and the moderator who hid things.
        "olive": person("Olive"),
        "bea": person("Bea", blocked=True),
        "stan": person("Stan", role="staff"),
        "hugo": person("Hugo", role="moderator"),
        # Accounts only met by their id: one never confirmed, another admin.
        "uma": person("Uma", confirmed=False),
        "adele": person("Adele", role="admin"),
    }
    db.session.add_all(people.values())
    db.session.flush()
    return people


def build_world():
    w = World()
    now = utcnow()
    people = _people(now, hash_password(PASSWORD))
    olive, hugo, stan = people["olive"], people["hugo"], people["stan"]
    visitors = [role for role in ROLES if role != "anonymous"]
    area = ServiceArea(name="Libraries")
    db.session.add(area)
    db.session.flush()
    challenge = Challenge(question="How might we open libraries longer?", service_area_id=area.id,
                          opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30))
    db.session.add(challenge)

    def idea(author, hidden_by=None, **extra):
        row = Idea(title=f"{author.display_name}'s idea", description="A *better* way.",
                   service_area_id=area.id, author_id=author.id, created_at=now, updated_at=now,
                   **extra)
        if hidden_by is not None:
            row.hidden_at, row.hidden_reason = now, "offensive"
        db.session.add(row)
        db.session.flush()
        if hidden_by is not None:
            db.session.add(ModerationAction(actor_id=hidden_by.id, action="hide", idea_id=row.id,
                                            reason="offensive"))
        return row

    others = idea(olive)
    target = idea(olive)
    shared_ideas = {
        "others": others, "hidden": idea(olive, hidden_by=hugo),
        "withdrawn": idea(olive, withdrawn_at=now),
        "merged": idea(olive, status="duplicate", duplicate_of_id=target.id),
    }
    for state, row in shared_ideas.items():
        w.shared["idea", state] = {"idea_id": row.id}
    w.target_idea_id = target.id

    def comment(author, hidden=False, **where):
        row = Comment(author_id=author.id, body="A comment", created_at=now,
                      hidden_at=now if hidden else None, hidden_reason="spam" if hidden else None,
                      **where)
        db.session.add(row)
        db.session.flush()
        return row

    def proposal(status):
        row = Proposal(title=f"A {status} proposal", problem="P", proposed_change="C",
                       expected_benefits="B", who_it_affects="W", cost_band="unknown",
                       service_area_id=area.id, responsible_team="T", status=status,
                       decision_due=now.date() + timedelta(days=10), created_by_id=stan.id)
        db.session.add(row)
        db.session.flush()
        return row

    proposals = {"open": proposal("open_for_feedback"), "draft": proposal("draft"),
                 "decided": proposal("approved")}
    for state, row in proposals.items():
        w.shared["proposal", state] = {"proposal_id": row.id}
    on_idea, on_proposal = {"idea_id": others.id}, {"proposal_id": proposals["open"].id}
    for state, hidden in (("others", False), ("hidden", True)):
        w.shared["comment", state] = {**on_idea, "comment_id": comment(olive, hidden, **on_idea).id}
        w.shared["proposal_comment", state] = {
            **on_proposal, "comment_id": comment(olive, hidden, **on_proposal).id}
    # A shown comment on a hidden idea is as unseen as the idea.
    on_hidden = {"idea_id": shared_ideas["hidden"].id}
    w.shared["comment", "on_hidden_idea"] = {**on_hidden, "comment_id": comment(olive, **on_hidden).id}

    def appeal(idea_row, hidden_by, decided=False):
        db.session.add(Appeal(author_id=olive.id, idea_id=idea_row.id, text="Please",
                              hidden_by_id=hidden_by.id, decided_by_id=hugo.id if decided else None,
                              decided_at=now if decided else None,
                              outcome="upheld" if decided else None))
        db.session.flush()
        return db.session.scalar(db.select(Appeal.id).where(Appeal.idea_id == idea_row.id))

    w.shared["appeal", "others"] = {"appeal_id": appeal(shared_ideas["hidden"], hugo)}
    w.shared["appeal", "decided"] = {
        "appeal_id": appeal(idea(olive, hidden_by=hugo), hugo, decided=True)}
    w.shared["user", "others"] = {"user_id": olive.id}
    w.shared["user", "blocked"] = {"user_id": people["bea"].id}
    w.shared["user", "staff_member"] = {"user_id": stan.id}
    w.shared["user", "unconfirmed"] = {"user_id": people["uma"].id}
    w.shared["user", "other_admin"] = {"user_id": people["adele"].id}
    w.shared["notification", "others"] = {"notification_id": notification(olive, others).id}
    w.shared[None, "-"] = {}
    w.shared["challenge", "-"] = {"challenge_id": challenge.id}
    w.shared["area", "-"] = {"area_id": area.id}
    w.shared["reach_question", "known"] = {"question": "age"}
    w.shared["reach_place", "-"] = {"place_id": _reach_place()}
    w.shared["link", "bad"] = {"token": "not-a-real-token"}
    w.shared["language", "offered"] = {"code": "en"}
    w.shared["language", "unknown"] = {"code": "xx"}
    w.shared["unsubscribe", "bad"] = {"token": "not-a-real-token"}
    w.shared["unsubscribe", "good"] = {"token": unsubscribe_token(olive)}
    for state, dealt_with_at in (("open", None), ("dealt_with", now)):
        report = AccessibilityReport(page="/ideas", problem="Hard to zoom", created_at=now,
                                     dealt_with_at=dealt_with_at)
        db.session.add(report)
        db.session.flush()
        w.shared["accessibility_report", state] = {"report_id": report.id}
    # A resident a connector enters things for, and a reference nobody has.
    assisted = AssistedResident(name="Ada Lovelace", name_key="ada lovelace",
                                postcode_district="CF10", connector_id=people["connector"].id,
                                contact_email="ada@example.org")
    db.session.add(assisted)
    db.session.flush()
    w.shared["resident", "known"] = {"reference": assisted.reference}
    w.shared["resident", "unknown"] = {"reference": "AAAA-AAAA-AAAA"}

    for role in visitors:
        user = people[role]
        w.own["idea", "own", role] = {"idea_id": idea(user).id}
        w.own["idea", "own_hidden", role] = {"idea_id": idea(user, hidden_by=hugo).id}
        w.own["idea", "own_withdrawn", role] = {"idea_id": idea(user, withdrawn_at=now).id}
        w.own["comment", "own", role] = {**on_idea, "comment_id": comment(user, **on_idea).id}
        w.own["comment", "own_hidden", role] = {
            **on_idea, "comment_id": comment(user, True, **on_idea).id}
        w.own["proposal_comment", "own", role] = {
            **on_proposal, "comment_id": comment(user, **on_proposal).id}
        w.own["user", "own", role] = {"user_id": user.id}
        w.own["appeal", "own", role] = {"appeal_id": appeal(idea(olive, hidden_by=user), user)}
        w.own["notification", "own", role] = {"notification_id": notification(user, others).id}
    w.area_id = area.id
    for state in ("planned", "running", "closed"):
        w.shared["pilot", state] = {"pilot_id": pilot(proposals["decided"], state, stan, now).id}
    partners_and_offers(w, olive, others)
    practices(w, proposals["decided"], stan, now, [role for role in ROLES if role != "anonymous"],
              people)

    # The counts shown are the rows: a hidden comment is not counted.
    for model, column in ((Idea, Comment.idea_id), (Proposal, Comment.proposal_id)):
        shown = (select(func.count()).select_from(Comment)
                 .where(column == model.id, Comment.hidden_at.is_(None)).scalar_subquery())
        db.session.execute(update(model).values(comment_count=shown))
    db.session.commit()
    w.logins = {role: sessions.open_session(people[role]) for role in visitors}
    # Each visitor's other device, and Olive's, for signing one device out.
    for role in visitors:
        w.own["user_session", "own", role] = {"session_id": _other_device(people[role])}
    w.shared["user_session", "others"] = {"session_id": _other_device(olive)}
    db.session.commit()
    return w


def partners_and_offers(w, olive, idea_row):
    """An organisation in each state (Olive belongs to the confirmed one),
    and her offers on an idea, waiting and accepted."""
    found = {}
    for state in ("pending", "confirmed", "declined"):
        row = Partner(name=f"A {state} charity", kind="charity", website="https://example.org",
                      description="We help.", status=state, created_by_id=olive.id)
        db.session.add(row)
        db.session.flush()
        found[state] = row
        w.shared["partner", state] = {"partner_id": row.id, "user_id": olive.id}
    db.session.add(PartnerMember(partner_id=found["confirmed"].id, user_id=olive.id))
    for state in ("pending", "accepted"):
        offer = Offer(partner_id=found["confirmed"].id, created_by_id=olive.id,
                      idea_id=idea_row.id, kind="venue", description="Our hall.", status=state)
        db.session.add(offer)
        db.session.flush()
        w.shared["offer", state] = {"offer_id": offer.id}
def _other_device(user):
    sessions.open_session(user, "Another browser")
    return db.session.scalar(select(UserSession.id).where(UserSession.user_id == user.id)
                             .order_by(UserSession.id.desc()))


def notification(user, idea_row):
    row = Notification(user_id=user.id, kind="idea_status", idea_id=idea_row.id, detail="")
    db.session.add(row)
    db.session.flush()
    return row


def pilot(proposal, state, staff, now):
    row = Pilot(proposal_id=proposal.id, title=f"A {state} pilot",
                service_area_id=proposal.service_area_id, status=state, created_by_id=staff.id,
                started_at=None if state == "planned" else now,
                closed_at=now if state == "closed" else None,
                verdict="too_early" if state == "closed" else None, conclusion="")
    db.session.add(row)
    db.session.flush()
    db.session.add(PilotCard(pilot_id=row.id, version=1, author_id=staff.id, **PILOT_CARD))
    db.session.flush()
    return row


def practices(w, proposal, staff, now, visitors, people):
    """Pilots that worked with a published playbook, a draft one and none yet,
    one that did not work; each playbook with a file per visitor (to remove)."""
    from codesign.models import Playbook, PlaybookAttachment
    from codesign.practices import uploads
    for state in ("published", "draft", "none", "failed"):
        row = pilot(proposal, "closed", staff, now)
        row.verdict = "did_not_work" if state == "failed" else "worked"
        values = {"pilot_id": row.id, "playbook_id": 2**31 - 1}
        if state in ("published", "draft"):
            book = Playbook(pilot_id=row.id, state=state, title="How to open on Sundays",
                            steps="1. Open.", contact_team="Libraries team", created_by_id=staff.id,
                            published_at=now if state == "published" else None)
            db.session.add(book)
            db.session.flush()
            values["playbook_id"] = book.id
            for role in ("resident", *visitors):
                attachment = PlaybookAttachment(
                    playbook_id=book.id, filename="plan.pdf", content_type="application/pdf",
                    stored_name=uploads.save(b"%PDF-1.4 a plan"), size=15,
                    uploaded_by_id=staff.id)
                db.session.add(attachment)
                db.session.flush()
                w.own["practice_file", state, role] = {**values, "attachment_id": attachment.id}
        w.shared["practice", state] = values
    db.session.flush()


def adopt_form(w, role, state):
    return {"service_area": str(w.area_id), "responsible_team": "Parks team",
            "title": "Sunday opening in parks", "decision_due": in_days(30)}


def playbook_form(w, role, state):
    return {"title": "How to open on Sundays", "summary": "", "steps": "1. Open.",
            "setup_cost": "£100", "running_cost": "£10 a week", "needs": "Two staff.",
            "pitfalls": "", "contact_team": "Libraries team", "state": "published"}


PILOT_CARD = {
    "change": "open on Sundays", "outcome": "visits", "direction": "rise", "amount": "10%",
    "who": "families", "because": "weekends are free", "measure_name": "Loans per visit",
    "measure_unit": "loans", "better": "higher", "kind": "mean", "cost_measure": "staff time",
    "baseline_value": 3, "baseline_period": "2024", "baseline_source": "Library system",
    "target": 1, "site": "Central library", "comparison_site": "",
    "starts_on": utcnow().date(), "ends_on": utcnow().date() + timedelta(days=90),
    "stop_rule": "Stop if staff are overstretched.", "data_owner": "Libraries team",
}


# --- forms that fit the world ---------------------------------------------------------

def in_days(days):
    return (utcnow().date() + timedelta(days=days)).isoformat()


def idea_form(w, role, state):
    return {"title": "A bench by the library", "description": "Somewhere to sit.",
            "service_area": str(w.area_id), "challenge": "", "place": "",
            "submit": "Publish idea"}


def proposal_fields(w, role, state):
    return {"title": "Benches on every street", "problem": "Nowhere to rest.",
            "proposed_change": "Benches.", "expected_benefits": "Rest.",
            "who_it_affects": "Walkers.", "cost_band": "10k_50k",
            "service_area": str(w.area_id), "responsible_team": "Streets",
            "decision_due": in_days(30)}


def promote_form(w, role, state):
    return {**proposal_fields(w, role, state), "also_include": "",
            "message": "Your idea is now a proposal.", "publish": "y"}


def proposal_status_form(w, role, state):
    step = {"open": ("open_for_feedback", "approved"), "draft": ("draft", "open_for_feedback"),
            "decided": ("approved", "in_pilot")}[state]
    return {"current": step[0], "status": step[1], "response": "Moving it on."}


def challenge_form(w, role, state):
    return {"question": "How might we make parks safer at night?", "description": "",
            "service_area": str(w.area_id), "opens_on": in_days(-1), "closes_on": in_days(30)}


def pilot_card_form(w, role, state):
    return {"title": "Sunday opening", "service_area": str(w.area_id),
            **{k: str(v) for k, v in PILOT_CARD.items()}, "reason": "Clearer wording."}


def pilot_figures_form(w, role, state):
    return {"period_start": in_days(-30), "period_end": in_days(-1), "site": "pilot", "n": "40",
            "mean": "3.5", "sd": "1.2", "cost_per_case": "4.00"}


def partner_form(w, role, state):
    return {"name": f"The {role} {state} trust", "kind": "charity",
            "website": "https://trust.example.org", "description": "We help."}


def pilot_close_form(w, role, state):
    return {"verdict": "too_early", "conclusion": "More figures needed."}


def _reach_place():
    place = ReachPlace(name="Riverside ward")
    db.session.add(place)
    db.session.flush()
    return place.id
