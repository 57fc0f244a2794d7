"""Partners who help deliver: registering an organisation, an admin
confirming it, offers of help (refused until confirmed, accepted by staff,
credited), the organisation shown beside its members' names, and a
proposal's design group (join, leave, message, emails for staff only)."""
from datetime import timedelta

import pytest
from helpers import count, text_of
from pilot_helpers import approved_proposal

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import (
    DesignGroupMember,
    Notification,
    Offer,
    Partner,
    PartnerMember,
    Pilot,
    PilotCard,
    Proposal,
    User,
)

REGISTER = {"name": "Green Spokes CIC", "kind": "social_enterprise",
            "website": "https://greenspokes.example.org",
            "description": "We repair *bikes* with young people."}
OFFER = {"kind": "volunteers", "description": "Ten volunteers on Saturdays."}


@pytest.fixture
def admin(browser_for, factory):
    return browser_for(factory.user(name="Ada Admin", role="admin"))


@pytest.fixture
def staff(browser_for, factory):
    return browser_for(factory.user(name="Sam Staff", role="staff", email="sam@council.test"))


@pytest.fixture
def founder(browser_for, factory):
    return browser_for(factory.user(name="Fay Founder", email="fay@greenspokes.test"))


def _partner_id(app, name=REGISTER["name"]):
    with app.app_context():
        return db.session.scalar(db.select(Partner.id).where(Partner.name == name))


def _registered(app, founder, admin=None):
    assert founder.post("/partners/register", data=REGISTER).status_code == 302
    partner_id = _partner_id(app)
    if admin is not None:
        assert admin.post(f"/partners/{partner_id}/confirm").status_code == 302
    return partner_id


def _proposal(app, factory, status="open_for_feedback"):
    proposal_id, idea_id, _area = approved_proposal(app, factory, status=status)
    return proposal_id, idea_id


# -- organisations ------------------------------------------------------------------

def test_a_registered_partner_shows_only_once_an_admin_confirms_it(app, founder, admin,
                                                                    make_client):
    partner_id = _registered(app, founder)
    visitor = make_client()
    assert REGISTER["name"] not in text_of(visitor.get("/partners"))
    assert visitor.get(f"/partners/{partner_id}").status_code == 404
    managed = text_of(admin.get("/partners/manage"))
    assert REGISTER["name"] in managed and "Waiting for confirmation" in managed

    assert admin.post(f"/partners/{partner_id}/confirm").status_code == 302
    listed = text_of(visitor.get("/partners"))
    assert REGISTER["name"] in listed and "Social enterprise" in listed
    page = text_of(visitor.get(f"/partners/{partner_id}"))
    assert "<em>bikes</em>" in page and 'href="https://greenspokes.example.org"' in page
    # The person who registered it now belongs to it.
    assert count(app, PartnerMember, partner_id=partner_id, user_id=founder.user.id) == 1


def test_a_declined_partner_never_shows(app, founder, admin, make_client):
    partner_id = _registered(app, founder)
    assert admin.post(f"/partners/{partner_id}/decline").status_code == 302
    assert make_client().get(f"/partners/{partner_id}").status_code == 404
    assert count(app, PartnerMember, partner_id=partner_id) == 0
    # Deciding twice is explained, not an error.
    again = admin.post(f"/partners/{partner_id}/confirm", follow_redirects=True)
    assert "was decided already" in text_of(again)


@pytest.mark.parametrize("website", ["javascript:alert(1)", "ftp://example.org",
                                     "greenspokes.example.org", "https://", "http://a b.org"])
def test_a_website_must_be_an_http_address(app, founder, website):
    response = founder.post("/partners/register", data={**REGISTER, "website": website})
    assert response.status_code == 422
    page = text_of(response)
    assert "Enter the organisation's website address, starting with https://" in page
    assert REGISTER["name"] in page  # what was typed is kept
    assert count(app, Partner) == 0


@pytest.mark.parametrize("name", ["", "   ", "\u200b\u202e", "\x00\u2066"])
def test_a_name_of_nothing_or_invisible_characters_is_refused(app, founder, name):
    """Checked after cleaning: invisible and control characters are taken out
    of a name, and what is left must not be empty."""
    response = founder.post("/partners/register", data={**REGISTER, "name": name})
    assert response.status_code == 422
    page = text_of(response)
    assert 'id="name-error"' in page and "Give the organisation's name" in page
    assert count(app, Partner) == 0


def test_the_service_refuses_a_name_that_cleans_to_nothing(app, founder):
    from codesign.exceptions import DomainError
    from codesign.partners import services
    with app.app_context():
        user = db.session.get(User, founder.user.id)
        with pytest.raises(DomainError) as refused:
            services.register_partner(user, "\u200b", "charity", "https://a.example.org", "d")
        assert refused.value.field == "name"


def test_two_organisations_cannot_share_a_name(app, founder, rosa):
    _registered(app, founder)
    response = rosa.post("/partners/register", data={**REGISTER, "name": "green spokes cic"})
    assert response.status_code == 422
    assert "is registered already" in text_of(response)


def test_an_admin_adds_and_removes_members_by_email(app, founder, admin, factory):
    partner_id = _registered(app, founder, admin)
    olive = factory.user(name="Olive Other", email="olive@example.test")
    added = admin.post(f"/partners/{partner_id}/members", data={"email": "OLIVE@example.test"})
    assert added.status_code == 302
    assert "olive@example.test" in text_of(admin.get(f"/partners/{partner_id}"))
    unknown = admin.post(f"/partners/{partner_id}/members", data={"email": "nobody@example.test"})
    assert unknown.status_code == 422
    assert "Nobody has an account with that email address." in text_of(unknown)
    twice = admin.post(f"/partners/{partner_id}/members", data={"email": "olive@example.test"})
    assert "already belongs to Green Spokes CIC" in text_of(twice)
    removed = admin.post(f"/partners/{partner_id}/members/{olive.id}/remove")
    assert removed.status_code == 302
    assert count(app, PartnerMember, user_id=olive.id) == 0


def test_members_emails_are_for_admins_only(app, founder, admin, make_client, rosa):
    partner_id = _registered(app, founder, admin)
    assert "fay@greenspokes.test" in text_of(admin.get(f"/partners/{partner_id}"))
    assert "fay@greenspokes.test" not in text_of(make_client().get(f"/partners/{partner_id}"))
    assert "fay@greenspokes.test" not in text_of(rosa.get(f"/partners/{partner_id}"))


# -- offers ----------------------------------------------------------------------------

def test_an_offer_from_an_unconfirmed_partner_is_refused_with_a_reason(app, founder, factory):
    _registered(app, founder)
    idea = factory.idea(title="A repair café")
    page = text_of(founder.get(f"/ideas/{idea.id}/offer"))
    assert "is not confirmed yet" in page
    response = founder.post(f"/ideas/{idea.id}/offer", data=OFFER)
    assert response.status_code == 422
    text = text_of(response)
    assert "“Green Spokes CIC” is not confirmed yet" in text
    assert OFFER["description"] in text  # kept
    assert count(app, Offer) == 0


def test_someone_with_no_partner_is_told_to_register(app, rosa, factory):
    idea = factory.idea()
    response = rosa.post(f"/ideas/{idea.id}/offer", data=OFFER)
    assert response.status_code == 422
    assert "Register your organisation first" in text_of(response)


def test_an_empty_offer_is_refused_beside_its_field(app, founder, admin, factory):
    _registered(app, founder, admin)
    idea = factory.idea()
    response = founder.post(f"/ideas/{idea.id}/offer", data={"kind": "", "description": "  "})
    assert response.status_code == 422
    page = text_of(response)
    assert "Choose what you offer" in page
    assert "Say what you offer and how it would help" in page
    assert count(app, Offer) == 0


def test_an_accepted_offer_credits_the_partner_on_idea_proposal_pilot_and_partners_page(
        app, founder, admin, staff, factory, make_client):
    partner_id = _registered(app, founder, admin)
    proposal_id, idea_id = _proposal(app, factory, status="in_pilot")
    assert founder.post(f"/ideas/{idea_id}/offer", data=OFFER).status_code == 302
    assert founder.post(f"/proposals/{proposal_id}/offer",
                        data={"kind": "venue", "description": "Our workshop."}).status_code == 302

    dashboard = text_of(staff.get("/staff"))
    assert "Offers of help from partners" in dashboard and "Ten volunteers on Saturdays." in dashboard
    # The person who offered, with the organisation they speak for beside their name.
    assert '<span class="app-partner-badge">of Green Spokes CIC</span>' in dashboard
    visitor = make_client()
    assert "Green Spokes CIC" not in text_of(visitor.get(f"/proposals/{proposal_id}"))

    with app.app_context():
        offer_ids = db.session.scalars(db.select(Offer.id).order_by(Offer.id)).all()
    assert staff.post(f"/offers/{offer_ids[0]}/accept").status_code == 302
    assert staff.post(f"/offers/{offer_ids[1]}/decline").status_code == 302
    again = staff.post(f"/offers/{offer_ids[0]}/decline", follow_redirects=True)
    assert "This offer was decided already." in text_of(again)

    proposal_page = text_of(visitor.get(f"/proposals/{proposal_id}"))
    assert "Partners who help deliver it" in proposal_page
    assert "Green Spokes CIC" in proposal_page and "Volunteers" in proposal_page
    assert "A venue" not in proposal_page  # declined
    assert "Green Spokes CIC" in text_of(visitor.get(f"/ideas/{idea_id}"))
    with app.app_context():
        stan = db.session.scalar(db.select(Proposal.created_by_id).where(Proposal.id == proposal_id))
        pilot = Pilot(proposal_id=proposal_id, title="Saturday repairs", status="running",
                      service_area_id=db.session.get(Proposal, proposal_id).service_area_id,
                      started_at=utcnow(), created_by_id=stan, conclusion="")
        db.session.add(pilot)
        db.session.flush()
        from permission_world import PILOT_CARD
        db.session.add(PilotCard(pilot_id=pilot.id, version=1, author_id=stan, **PILOT_CARD))
        db.session.commit()
        pilot_id = pilot.id
    assert "Green Spokes CIC" in text_of(visitor.get(f"/pilots/{pilot_id}"))
    listed = text_of(visitor.get("/partners"))
    assert "First-time repairs" in listed and "Saturday repairs" in listed
    assert "Saturday repairs" in text_of(visitor.get(f"/partners/{partner_id}"))


def test_no_offers_on_a_hidden_idea_or_a_draft_proposal(app, founder, admin, factory):
    _registered(app, founder, admin)
    hidden = factory.idea(hidden_at=utcnow(), hidden_reason="spam")
    assert founder.post(f"/ideas/{hidden.id}/offer", data=OFFER).status_code == 403
    draft_id, _idea = _proposal(app, factory, status="draft")
    assert founder.post(f"/proposals/{draft_id}/offer", data=OFFER).status_code == 404
    withdrawn = factory.idea(withdrawn_at=utcnow())
    refused = founder.post(f"/ideas/{withdrawn.id}/offer", data=OFFER)
    assert refused.status_code == 422 and "no longer takes offers" in text_of(refused)
    assert count(app, Offer) == 0


def test_a_members_organisation_shows_beside_their_name(app, founder, admin, factory,
                                                        make_client):
    idea = factory.idea(author=founder.user, title="Bike repair stands")
    factory.comment(idea, founder.user, body="We can help with this.")
    visitor = make_client()
    assert "of Green Spokes CIC" not in text_of(visitor.get(f"/ideas/{idea.id}"))
    _registered(app, founder)  # pending: not shown yet
    assert "of Green Spokes CIC" not in text_of(visitor.get(f"/ideas/{idea.id}"))
    partner_id = _partner_id(app)
    admin.post(f"/partners/{partner_id}/confirm")
    page = text_of(visitor.get(f"/ideas/{idea.id}"))
    assert page.count('<span class="app-partner-badge">of Green Spokes CIC</span>') >= 2
    assert "of Green Spokes CIC" in text_of(visitor.get("/ideas"))


# -- design group ----------------------------------------------------------------------

JOIN = {"note": "I use the library every Saturday.", "credit_by_name": "y"}


def test_a_resident_joins_and_leaves_the_design_group(app, factory, rosa, browser_for,
                                                       make_client):
    proposal_id, _idea = _proposal(app, factory)
    page = text_of(rosa.get(f"/proposals/{proposal_id}"))
    assert "Join the design group" in page
    assert rosa.post(f"/proposals/{proposal_id}/design-group/join", data=JOIN).status_code == 302
    shy = browser_for(factory.user(name="Shy Sid"))
    assert shy.post(f"/proposals/{proposal_id}/design-group/join",
                    data={"note": "I can test it."}).status_code == 302
    credits = text_of(make_client().get(f"/proposals/{proposal_id}"))
    assert "2 residents volunteered" in credits
    assert "Rosa Resident" in credits and "Shy Sid" not in credits

    assert "Leave the design group" in text_of(rosa.get(f"/proposals/{proposal_id}"))
    assert rosa.post(f"/proposals/{proposal_id}/design-group/leave").status_code == 302
    assert count(app, DesignGroupMember, proposal_id=proposal_id) == 1
    assert "1 resident volunteered" in text_of(make_client().get(f"/proposals/{proposal_id}"))


@pytest.mark.parametrize("status", ["approved", "implemented", "not_taken_forward"])
def test_the_design_group_is_closed_outside_feedback_and_pilot(app, factory, rosa, status):
    proposal_id, _idea = _proposal(app, factory, status=status)
    assert "Join the design group" not in text_of(rosa.get(f"/proposals/{proposal_id}"))
    response = rosa.post(f"/proposals/{proposal_id}/design-group/join", data=JOIN)
    assert response.status_code == 422
    page = text_of(response)
    assert "open only while the proposal is open for feedback or in pilot" in page
    assert JOIN["note"] in page
    assert count(app, DesignGroupMember) == 0


def test_joining_needs_a_note(app, factory, rosa):
    proposal_id, _idea = _proposal(app, factory, status="in_pilot")
    response = rosa.post(f"/proposals/{proposal_id}/design-group/join", data={"note": ""})
    assert response.status_code == 422 and "Say how you can help" in text_of(response)


def test_staff_see_the_group_with_emails_and_message_it(app, factory, rosa, staff, make_client):
    proposal_id, _idea = _proposal(app, factory)
    rosa.post(f"/proposals/{proposal_id}/design-group/join", data=JOIN)
    group = text_of(staff.get(f"/proposals/{proposal_id}/design-group"))
    assert rosa.user.email in group and "I use the library every Saturday." in group
    # Nobody else sees the addresses: not the page, nor the proposal page.
    assert rosa.get(f"/proposals/{proposal_id}/design-group").status_code == 403
    assert rosa.user.email not in text_of(make_client().get(f"/proposals/{proposal_id}"))

    empty = staff.post(f"/proposals/{proposal_id}/design-group/message", data={"message": ""})
    assert empty.status_code == 422 and "Write the message" in text_of(empty)
    sent = staff.post(f"/proposals/{proposal_id}/design-group/message",
                      data={"message": "Trial starts **Monday**. <script>x()</script>"})
    assert sent.status_code == 302
    with app.app_context():
        note = db.session.scalar(db.select(Notification).where(
            Notification.user_id == rosa.user.id))
        assert note.kind == "design_group"
        assert "<strong>Monday</strong>" in note.detail_html and "<script" not in note.detail_html
    inbox = text_of(rosa.get("/notifications"))
    assert "Staff wrote to the design group of" in inbox and "Monday" in inbox


def test_messaging_an_empty_group_is_explained(app, factory, staff):
    proposal_id, _idea = _proposal(app, factory)
    response = staff.post(f"/proposals/{proposal_id}/design-group/message",
                          data={"message": "Hello"})
    assert response.status_code == 422
    assert "Nobody has joined this design group yet." in text_of(response)


def test_credits_for_a_pilot_are_the_proposals(app, factory):
    from codesign.partners.queries import credits_for_pilot
    proposal_id, _idea = _proposal(app, factory)
    with app.app_context():
        user = factory.user(name="Nell Named")
        db.session.add(DesignGroupMember(proposal_id=proposal_id, user_id=user.id, note="n",
                                         credit_by_name=True,
                                         joined_at=utcnow() - timedelta(days=1)))
        stan = db.session.scalar(db.select(Proposal.created_by_id))
        pilot = Pilot(proposal_id=proposal_id, title="P", status="planned", conclusion="",
                      service_area_id=db.session.get(Proposal, proposal_id).service_area_id,
                      created_by_id=stan)
        db.session.add(pilot)
        db.session.commit()
        found = credits_for_pilot(pilot)
        assert found["group_size"] == 1 and [u.display_name for u in found["named"]] == ["Nell Named"]


def test_a_member_who_wants_email_now_gets_the_groups_message_by_email(app, factory, rosa,
                                                                        staff, smtp_sink):
    from codesign.models import User
    with app.app_context():
        db.session.get(User, rosa.user.id).email_preference = "immediate"
        db.session.commit()
    proposal_id, _idea = _proposal(app, factory)
    rosa.post(f"/proposals/{proposal_id}/design-group/join", data=JOIN)
    staff.post(f"/proposals/{proposal_id}/design-group/message",
               data={"message": "The trial starts on Monday."})
    smtp_sink.wait_for(1)
    bodies = smtp_sink.bodies()
    assert any("Staff wrote to the design group of" in body
               and "The trial starts on Monday." in body for body in bodies)
