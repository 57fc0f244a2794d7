"""The seeder's partners: organisations in each state with one member per
confirmed one, offers only on proposals that were open for feedback, design
groups only where the proposal was open for feedback or in pilot, and the
partners' pages open over them."""
from sqlalchemy import func, select

from codesign.extensions import db
from codesign.models import DesignGroupMember, Offer, Partner, PartnerMember, Proposal

SIZE = ["--users", "300", "--ideas", "200", "--supports", "2000", "--comments", "200"]


def test_seeded_partners_offers_and_design_groups(app, client):
    result = app.test_cli_runner().invoke(args=["seed", *SIZE])
    assert result.exit_code == 0, result.output
    assert "Total: 0 drift" in result.output
    with app.app_context():
        statuses = dict(db.session.execute(
            select(Partner.status, func.count()).group_by(Partner.status)).all())
        assert statuses.get("confirmed", 0) >= 3
        members = db.session.scalar(select(func.count()).select_from(PartnerMember))
        assert members == statuses["confirmed"]
        offers = db.session.execute(select(Offer.status, Proposal.status).join(
            Proposal, Proposal.id == Offer.proposal_id)).all()
        assert offers and all(status != "draft" for _offer, status in offers)
        grouped = db.session.scalars(select(Proposal.status).join(
            DesignGroupMember, DesignGroupMember.proposal_id == Proposal.id).distinct()).all()
        assert grouped and "draft" not in grouped
        shown = db.session.scalar(select(Partner.id).where(Partner.status == "confirmed"))
        proposal_id = db.session.scalar(select(DesignGroupMember.proposal_id))
    assert client.get("/partners").status_code == 200
    assert client.get(f"/partners/{shown}").status_code == 200
    assert "volunteered" in client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
