"""The demo's partners: a confirmed charity credited on the proposal in
pilot and its pilot, an organisation waiting for the admin, an offer waiting
for staff, and a design group staff have written to."""
from helpers import sign_in, text_of
from sqlalchemy import select

from codesign.demo import ADMIN_EMAIL, STAFF_EMAIL
from codesign.extensions import db
from codesign.models import DesignGroupMember, Notification, Offer, Partner, Pilot, User


def test_the_demo_has_partners_offers_and_a_design_group(app, make_client):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        running = db.session.scalar(select(Pilot).where(Pilot.status == "running"))
        proposal_id, pilot_id = running.proposal_id, running.id
        statuses = dict(db.session.execute(select(Partner.name, Partner.status)).all())
        offers = sorted(db.session.scalars(select(Offer.status)))
        group = db.session.scalars(select(DesignGroupMember).where(
            DesignGroupMember.proposal_id == proposal_id)).all()
        told = db.session.scalar(select(db.func.count()).select_from(Notification).where(
            Notification.kind == "design_group"))
        admin = db.session.scalar(select(User).where(User.email == ADMIN_EMAIL))
        staff = db.session.scalar(select(User).where(User.email == STAFF_EMAIL))
    assert statuses == {"Eastfield Tenants' Trust": "confirmed",
                        "Northside Repair Café": "pending"}
    assert offers == ["accepted", "pending"]
    assert len(group) == 4 and sum(member.credit_by_name for member in group) == 3
    assert told == 4

    visitor = make_client()
    listed = text_of(visitor.get("/partners"))
    assert "Eastfield Tenants' Trust" in listed and running.title in listed
    assert "Northside Repair Café" not in listed
    for page in (f"/proposals/{proposal_id}", f"/pilots/{pilot_id}"):
        shown = text_of(visitor.get(page))
        assert "Eastfield Tenants' Trust" in shown and "4 residents volunteered" in shown
    admin_client, staff_client = make_client(), make_client()
    sign_in(admin_client, admin)
    sign_in(staff_client, staff)
    assert "Northside Repair Café" in text_of(admin_client.get("/partners/manage"))
    assert "Our community hall" in text_of(staff_client.get("/staff"))
