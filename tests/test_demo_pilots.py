"""The demo's pilots tell the whole journey: last year's proposal whose
pilot worked (with a comparison site, six months of figures and an amended
stop rule) and was implemented; last year's proposal whose pilot did not
work (five months of figures, against its baseline), published all the
same and not taken forward; and this year's proposal in pilot, running.
The verdicts the statistics propose are the ones the story needs, and
every date falls in order, relative to today."""
from datetime import timedelta

from helpers import text_of
from sqlalchemy import select
from test_demo import run_demo

from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import (
    Adoption,
    Idea,
    Measurement,
    Pilot,
    PilotCard,
    PilotEvent,
    Proposal,
    ProposalStatusChange,
)
from codesign.pilots import queries, results

# The demo's own pilots; the adoption of the one that worked (test_demo_practices)
# plans a pilot of its own too.
DEMO_PILOTS = select(Pilot).where(Pilot.proposal_id.not_in(select(Adoption.proposal_id))) \
    .order_by(Pilot.id)


def _decided(proposal_id, status):
    return db.session.scalar(select(ProposalStatusChange.created_at).where(
        ProposalStatusChange.proposal_id == proposal_id,
        ProposalStatusChange.to_status == status))


def test_demo_pilots_worked_did_not_work_and_running_by_the_real_statistics(app, client):
    run_demo(app)
    with app.app_context():
        pilots = db.session.scalars(DEMO_PILOTS).all()
        assert [(p.status, p.verdict) for p in pilots] == [
            ("closed", "worked"), ("closed", "did_not_work"), ("running", None)]
        worked, failed, running = pilots
        # The verdict the statistics propose now is the one stored at closing.
        for pilot, expected in ((worked, "worked"), (failed, "did_not_work")):
            outcome = results.outcome(queries.current_card(pilot), queries.measurements(pilot))
            assert outcome.proposed_verdict == pilot.proposed_verdict == expected
        assert results.outcome(queries.current_card(worked), queries.measurements(
            worked)).result.method == "newcombe"
        assert results.outcome(queries.current_card(failed), queries.measurements(
            failed)).result.method == "t_vs_baseline"

        proposals = {p.id: p for p in db.session.scalars(select(Proposal))}
        assert proposals[worked.proposal_id].status == "implemented"
        assert proposals[failed.proposal_id].status == "not_taken_forward"
        assert proposals[running.proposal_id].status == "in_pilot"
        assert len({worked.proposal_id, failed.proposal_id, running.proposal_id}) == 3

        cards = db.session.scalars(select(PilotCard).where(PilotCard.pilot_id == worked.id)
                                   .order_by(PilotCard.version)).all()
        assert [c.version for c in cards] == [1, 2] and cards[1].reason
        assert cards[0].comparison_site and cards[0].stop_rule != cards[1].stop_rule
        assert not queries.current_card(failed).comparison_site

        figures = {p.id: db.session.scalars(select(Measurement).where(
            Measurement.pilot_id == p.id)).all() for p in pilots}
        assert len({(m.period_start, m.site) for m in figures[worked.id]}) == 12
        assert {m.site for m in figures[worked.id]} == {"pilot", "comparison"}
        assert len(figures[failed.id]) == 5 and figures[running.id] == []


def test_demo_pilot_dates_follow_each_other_up_to_today(app):
    run_demo(app)
    with app.app_context():
        now = utcnow()
        for pilot in db.session.scalars(DEMO_PILOTS):
            card = queries.versions(pilot)[0]
            approved = _decided(pilot.proposal_id, "approved")
            sources = db.session.scalars(select(Idea.created_at).where(
                Idea.proposal_id == pilot.proposal_id)).all()
            proposal = db.session.get(Proposal, pilot.proposal_id)
            assert max(sources) < proposal.created_at < approved < pilot.created_at
            assert pilot.created_at < pilot.started_at < now
            assert pilot.started_at.date() >= card.starts_on
            events = db.session.scalars(select(PilotEvent).where(
                PilotEvent.pilot_id == pilot.id).order_by(PilotEvent.id)).all()
            assert [e.created_at for e in events] == sorted(e.created_at for e in events)
            assert events[0].kind == "started" and events[0].created_at == pilot.started_at
            for row in db.session.scalars(select(Measurement).where(
                    Measurement.pilot_id == pilot.id)):
                assert card.starts_on <= row.period_start <= row.period_end <= card.ends_on
                assert row.period_end < row.recorded_at.date() < now.date()
            if pilot.status == "closed":
                last = max(e.created_at for e in events if e.kind != "closed")
                decided = max(c.created_at for c in db.session.scalars(
                    select(ProposalStatusChange).where(
                        ProposalStatusChange.proposal_id == pilot.proposal_id)))
                assert last < pilot.closed_at < decided < now - timedelta(days=7)
                assert events[-1].kind == "closed" and events[-1].created_at == pilot.closed_at
                assert sum(e.kind == "figures" for e in events) >= 5


def test_demo_pilot_pages_tell_the_story(app, client):
    run_demo(app)
    with app.app_context():
        worked, failed, running = db.session.scalars(DEMO_PILOTS).all()
        idea_id = db.session.scalar(select(Idea.id).where(
            Idea.proposal_id == worked.proposal_id).order_by(Idea.id))
    page = text_of(client.get(f"/pilots/{worked.id}"))
    assert "Amendment 1" in page and "Original card" in page
    page = text_of(client.get(f"/pilots/{failed.id}"))
    assert "This pilot did not work." in page and "<svg" in page
    listed = text_of(client.get("/pilots"))
    assert worked.title in listed and failed.title in listed and running.title in listed
    assert failed.title in text_of(client.get("/pilots?outcome=did_not_work"))
    assert worked.title not in text_of(client.get("/pilots?outcome=did_not_work"))
    idea_page = text_of(client.get(f"/ideas/{idea_id}"))
    assert "The pilot started" in idea_page and "Verdict: Worked" in idea_page
