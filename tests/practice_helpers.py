"""What the practices tests share: a pilot that worked (through the pages,
as staff would), a playbook form, and a place for uploaded files."""
import pytest
from pilot_helpers import approved_proposal, card_form
from sqlalchemy import select
from test_pilots import good_figures, upload

from codesign.extensions import db
from codesign.models import Pilot

PLAYBOOK = {
    "title": "Same-day repairs, the playbook",
    "summary": "A multi-skilled repairer on the first visit fixes more repairs at once.",
    "steps": "1. Train two repairers in a second trade.\n2. Send them first.",
    "setup_cost": "£2,400 for training",
    "running_cost": "£150 a month",
    "needs": "Two repairers, a van with both trades' tools.",
    "pitfalls": "Parts ran out in week three: stock the van.",
    "contact_team": "Housing repairs team",
    "state": "published",
}


def playbook_form(**changes):
    return {**PLAYBOOK, **changes}


def closed_pilot(app, staff, proposal_id, area, verdict="worked", figures=None, **card):
    """A pilot of the proposal, run with figures and closed with this verdict; its id."""
    assert staff.post(f"/proposals/{proposal_id}/pilots/new",
                      data=card_form(area.id, **card)).status_code == 302
    with app.app_context():
        pilot_id = db.session.scalar(select(Pilot.id).where(Pilot.proposal_id == proposal_id)
                                     .order_by(Pilot.id.desc()))
    assert staff.post(f"/pilots/{pilot_id}/start").status_code == 302
    upload(staff, pilot_id, figures if figures is not None else good_figures())
    staff.post(f"/pilots/{pilot_id}/close", data={"verdict": verdict, "conclusion": "Done."})
    return pilot_id


@pytest.fixture
def upload_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


@pytest.fixture
def worked(app, factory, staff, author):
    """A pilot that worked: (pilot_id, proposal_id, idea_id, area)."""
    proposal_id, idea_id, area = approved_proposal(app, factory, author=author)
    return closed_pilot(app, staff, proposal_id, area), proposal_id, idea_id, area


@pytest.fixture
def published(staff, worked):
    """The worked pilot with its playbook published: (pilot_id, proposal_id, idea_id, area)."""
    response = staff.post(f"/pilots/{worked[0]}/playbook/edit", data=playbook_form())
    assert response.status_code == 302, response.get_data(as_text=True)
    return worked
