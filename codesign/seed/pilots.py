"""Pilots for the seeded proposals that reached a pilot: one each (two for
one in five), running while the proposal is in pilot, closed once it was
implemented (most worked) or dropped after its pilot (did not work). Six
months of figures per pilot, for the pilot site and, for most, a comparison
site. Written in bulk like the rest; the verdicts are written as staff would
have chosen them, without computing intervals for thousands of pilots."""
from ..models import Measurement, Pilot, PilotCard, PilotEvent
from .writer import day, html, stamp

DAY = 86_400
MONTH = 30 * DAY


def _pilots_of(world):
    for proposal in world.proposals:
        path = [to for _from, to, _when in proposal["history"]]
        if "in_pilot" not in path:
            continue
        started = next(when for _from, to, when in proposal["history"] if to == "in_pilot")
        final = proposal["history"][-1][1]
        for copy in range(2 if world.rng.random() < 0.2 else 1):
            yield proposal, started + copy * DAY, final


def write_pilots(world, writer):
    rng = world.rng
    ids = {table: writer.next_id(table.__table__) for table in (Pilot, PilotCard, Measurement,
                                                                 PilotEvent)}
    pilots, cards, figures, events = [], [], [], []
    for proposal, started, final in _pilots_of(world):
        pilot_id = ids[Pilot] + len(pilots)
        running = final == "in_pilot"
        verdict = None if running else ("worked" if final == "implemented" else "did_not_work")
        # Closed when the proposal moved on; figures stop there, or now.
        closed = None if running else max(proposal["history"][-1][2], started + DAY)
        limit = closed or world.now
        months = max(1, min(6, int((limit - started) // MONTH)))
        reason = {"worked": "better_and_reaches_target", "did_not_work": "short_of_target"}
        conclusion = "" if running else "Seeded conclusion."
        pilots.append((pilot_id, proposal["id"], f"Pilot {len(pilots) + 1}", proposal["area"],
                       "running" if running else "closed", proposal["author"],
                       stamp(started - 7 * DAY), stamp(started), closed and stamp(closed),
                       verdict, reason.get(verdict), verdict,
                       conclusion, html(conclusion), None if running else proposal["author"]))
        comparison = rng.random() < 0.7
        cards.append((ids[PilotCard] + len(cards), pilot_id, 1, "", proposal["author"],
                      stamp(started - 7 * DAY), "change the service", "the share of cases "
                      "resolved first time", "rise", "5 points", "residents", "it is simpler",
                      "Resolved first time", "", "higher", "proportion", "staff time per case",
                      0.6, "last year", "case system", 0.05, "Site A",
                      "Site B" if comparison else "", day(started), day(started + 9 * MONTH),
                      "Stop on harm.", "Performance team"))
        for month in range(months):
            start = started + month * MONTH
            end = min(start + MONTH - DAY, limit - DAY) if months > 1 else start
            for site in ("pilot", "comparison") if comparison else ("pilot",):
                n = rng.randint(40, 400)
                share = 0.68 if site == "pilot" and verdict != "did_not_work" else 0.6
                figures.append((ids[Measurement] + len(figures), pilot_id, day(start), day(end),
                                site, n, round(n * share), None, None,
                                round(rng.uniform(20, 90), 2),
                                proposal["author"], stamp(min(end + DAY, limit))))
        events.append((ids[PilotEvent] + len(events), pilot_id, "started", proposal["author"],
                       stamp(started), None, None))
        if not running:
            events.append((ids[PilotEvent] + len(events), pilot_id, "closed",
                           proposal["author"], stamp(closed), verdict, verdict))
    writer.insert(Pilot.__table__, (
        "id", "proposal_id", "title", "service_area_id", "status", "created_by_id", "created_at",
        "started_at", "closed_at", "proposed_verdict", "proposed_reason", "verdict", "conclusion",
        "conclusion_html", "closed_by_id"), pilots)
    writer.insert(PilotCard.__table__, (
        "id", "pilot_id", "version", "reason", "author_id", "created_at", "change", "outcome",
        "direction", "amount", "who", "because", "measure_name", "measure_unit", "better", "kind",
        "cost_measure", "baseline_value", "baseline_period", "baseline_source", "target", "site",
        "comparison_site", "starts_on", "ends_on", "stop_rule", "data_owner"), cards)
    writer.insert(Measurement.__table__, (
        "id", "pilot_id", "period_start", "period_end", "site", "n", "successes", "mean", "sd",
        "cost_per_case", "recorded_by_id", "recorded_at"), figures)
    writer.insert(PilotEvent.__table__, (
        "id", "pilot_id", "kind", "author_id", "created_at", "proposed_verdict", "verdict"),
        events)
