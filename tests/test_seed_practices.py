"""`flask seed` writes playbooks and adoptions at scale: pilots that worked
get playbooks, some published ones are adopted by other service areas, and
the library, its search and the pages open. A seeded city needs tens of
thousands of ideas before many pilots close as "worked", so the writer is
also run here on pilots made for it."""
import random

from sqlalchemy import func, select
from test_practice_counts import World as PilotWorld
from test_seed import seeded

from codesign.counts import find_drift
from codesign.extensions import db
from codesign.models import Adoption, Follow, Pilot, Playbook, Proposal, ServiceArea
from codesign.seed.practices import write_practices
from codesign.seed.world import World
from codesign.seed.writer import BulkWriter

TINY = ["--users", "50", "--ideas", "30", "--supports", "300", "--comments", "100"]


def test_the_seed_command_runs_the_practices_writer(app):
    assert "Total: 0 drift" in seeded(app, *TINY)


def test_seeded_playbooks_and_adoptions(app, client):
    pilots = PilotWorld(app)  # one published practice already, in Housing
    for _n in range(30):
        with app.app_context():
            pilots._pilot(pilots._proposal("implemented"))
            db.session.commit()
    with app.app_context():
        for name in ("Libraries", "Parks", "Streets"):
            db.session.add(ServiceArea(name=name))
        db.session.commit()
        world = World(random.Random(3), 25, 3)
        world.areas = db.session.execute(select(ServiceArea.id, ServiceArea.name)).all()
        db.session.remove()  # the writer's own connection writes (SQLite: one writer)
        with db.engine.connect() as connection:
            writer = BulkWriter(connection, progress=lambda line: None)
            with connection.begin():
                write_practices(world, writer)
        playbooks = db.session.scalars(select(Playbook)).all()
        assert len(playbooks) > 10 and all(p.pilot.verdict == "worked" for p in playbooks)
        adoptions = db.session.scalars(select(Adoption).where(  # the seeder's
            Adoption.source_pilot_id != pilots.first)).all()
        assert adoptions
        for adoption in adoptions:
            source = db.session.get(Pilot, adoption.source_pilot_id)
            proposal = db.session.get(Proposal, adoption.proposal_id)
            assert proposal.service_area_id != source.service_area_id
            assert db.session.scalar(select(func.count()).select_from(Follow).where(
                Follow.proposal_id == proposal.id)) == 1
        published = db.session.scalar(select(func.count()).select_from(Playbook).where(
            Playbook.state == "published"))
        pilot_id = next(p.pilot_id for p in playbooks if p.is_published and p.title != "Repairs")
        assert all(rows == [] for rows in find_drift(db.session).values())
    assert f"{published} practices" in client.get("/practices").get_data(as_text=True)
    # The seeded playbooks are in the search index too.
    assert f"{published - 1} practices" in client.get("/practices?q=repeat").get_data(
        as_text=True)
    assert client.get(f"/pilots/{pilot_id}/playbook").status_code == 200
    assert client.get("/api/v1/practices").status_code == 200
