"""The demo's practices: its pilot that worked has a published playbook with
a file, adopted by another service area whose proposal has its own pilot
planned, the target from the original effect and its own baseline."""
from helpers import text_of
from pilot_helpers import words
from sqlalchemy import select
from test_demo import run_demo

from codesign.extensions import db
from codesign.models import Adoption, Notification, Pilot, PilotCard, Playbook


def test_demo_has_a_playbook_adopted_by_another_service_area(app, client, tmp_path,
                                                             monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    run_demo(app)
    with app.app_context():
        playbook = db.session.scalar(select(Playbook))
        assert playbook.is_published and playbook.pilot.verdict == "worked"
        source = playbook.pilot
        adoption = db.session.scalar(select(Adoption))
        assert adoption.source_pilot_id == source.id
        assert adoption.proposal.service_area_id != source.service_area_id
        assert adoption.proposal.status == "approved"
        own = db.session.scalar(select(Pilot).where(Pilot.proposal_id == adoption.proposal_id))
        assert own.status == "planned"
        original = db.session.scalar(select(PilotCard).where(PilotCard.pilot_id == source.id))
        card = db.session.scalar(select(PilotCard).where(PilotCard.pilot_id == own.id))
        assert card.baseline_value != original.baseline_value
        assert card.target > original.target  # the original effect beat its target
        assert db.session.scalar(select(Notification).where(Notification.kind == "idea_adopted"))
        source_id = source.id
    page = words(client.get(f"/pilots/{source_id}/playbook"))
    assert "A live missed-bin list" in page and "costs.csv" in page
    assert "Adopted 1 time" in page
    assert "A live missed-bin list" in text_of(client.get("/practices"))


def test_a_playbook_credits_the_partners_and_design_group_of_its_pilot(app, client, tmp_path,
                                                                        monkeypatch):
    """Issue 15: an accepted partner and the design group are credited on the
    proposal, the pilot and the playbook. The demo's pilot that worked had a
    design group (residents who joined while it was in pilot); a partner's
    accepted offer on it is added here."""
    from codesign.models import DesignGroupMember, Offer, Partner, User

    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    run_demo(app)
    with app.app_context():
        playbook = db.session.scalar(select(Playbook))
        pilot = playbook.pilot
        group = db.session.scalars(select(DesignGroupMember).where(
            DesignGroupMember.proposal_id == pilot.proposal_id)
            .order_by(DesignGroupMember.joined_at)).all()
        assert len(group) == 3 and [m.credit_by_name for m in group] == [True, True, False]
        # Joined while the proposal was in pilot: after it started, before it closed.
        assert all(pilot.started_at < m.joined_at < pilot.closed_at for m in group)
        named = [db.session.get(User, m.user_id).display_name for m in group]
        charity = db.session.scalar(select(Partner).where(Partner.status == "confirmed"))
        db.session.add(Offer(partner_id=charity.id, created_by_id=group[0].user_id,
                             proposal_id=pilot.proposal_id, kind="volunteers",
                             description="Crews' briefings", status="accepted"))
        db.session.commit()
        pilot_id, charity_name = pilot.id, charity.name
    for path in (f"/pilots/{pilot_id}/playbook", f"/pilots/{pilot_id}"):
        page = words(client.get(path))
        assert "Who helped deliver it" in page and charity_name in page, path
        assert "3 residents" in page and named[0] in page and named[1] in page, path
        assert named[2] not in page, path
