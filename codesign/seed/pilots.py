"""Pilots for the seeded proposals that reached a pilot: one each (two for
one in five). A pilot runs while its proposal is in pilot; it closed once
the proposal was implemented (it worked) or dropped after its pilot (it did
not work, or, for about a third, it stopped too early to tell). Up to six
months of figures, one period a month, for the pilot site and, for most, a
comparison site; a pilot stopped too early has a month or two of a few cases.

The figures are drawn to tell each story, and the verdict the site proposes
is computed from them by the same code as the pages (pilots/results.py),
after every month as the figures events record it, so a seeded page says
what a real one would. Written in bulk like the rest."""
from types import SimpleNamespace

from ..models import Measurement, Pilot, PilotCard, PilotEvent
from ..pilots import results
from .writer import day, html, stamp

DAY = 86_400
MONTH = 30 * DAY
BASELINE, TARGET = 0.6, 0.05
# Share of cases resolved first time, by what the pilot turns out to be; the
# comparison site and the baseline stay at BASELINE.
PILOT_SHARE = {"worked": 0.70, "did_not_work": 0.57, "too_early": 0.66, None: 0.64}
CONCLUSIONS = {
    "worked": "The figures beat the comparison by more than the target: we are rolling it out.",
    "did_not_work": "The figures fell short of the target, so it is not taken forward. "
                    "We publish this so nobody pays to try it again unchanged.",
    "too_early": "We stopped before there were enough cases to tell, and will not go on.",
}


def _pilots_of(world):
    for proposal in world.proposals:
        path = [to for _from, to, _when in proposal["history"]]
        if "in_pilot" not in path:
            continue
        started = next(when for _from, to, when in proposal["history"] if to == "in_pilot")
        final = proposal["history"][-1][1]
        for copy in range(2 if world.rng.random() < 0.2 else 1):
            yield proposal, started + copy * DAY, final


def _intended(rng, final):
    """What the pilot turned out to be: None while it runs."""
    if final == "in_pilot":
        return None
    if final == "implemented":
        return "worked"
    return "too_early" if rng.random() < 0.35 else "did_not_work"


def _number(result, name):
    value = getattr(result, name, None) if result is not None else None
    return None if value is None else float(value)


def _card(comparison):
    return SimpleNamespace(kind="proportion", has_comparison=comparison,
                           baseline_value=BASELINE, better="higher", target=TARGET)


def write_pilots(world, writer):
    rng = world.rng
    ids = {table: writer.next_id(table.__table__) for table in (Pilot, PilotCard, Measurement,
                                                                 PilotEvent)}
    pilots, cards, figures, events = [], [], [], []

    def event(pilot_id, kind, author, when, **values):
        events.append((ids[PilotEvent] + len(events), pilot_id, kind, author, stamp(when),
                       values.get("periods"), values.get("replaced"), values.get("estimate"),
                       values.get("ci_low"), values.get("ci_high"),
                       values.get("proposed_verdict"), values.get("verdict")))

    for proposal, started, final in _pilots_of(world):
        pilot_id = ids[Pilot] + len(pilots)
        author = proposal["author"]
        verdict = _intended(rng, final)
        # Closed when the proposal moved on; figures stop there, or now.
        closed = None if verdict is None else max(proposal["history"][-1][2], started + DAY)
        limit = closed or world.now
        months = max(1, min(6, int((limit - started) // MONTH)))
        if verdict == "too_early":
            months = min(months, 2)
        comparison = rng.random() < 0.7
        cards.append((ids[PilotCard] + len(cards), pilot_id, 1, "", author,
                      stamp(started - 7 * DAY), "change the service", "the share of cases "
                      "resolved first time", "rise", "5 points", "residents", "it is simpler",
                      "Resolved first time", "", "higher", "proportion", "staff time per case",
                      BASELINE, "last year", "case system", TARGET, "Site A",
                      "Site B" if comparison else "", day(started), day(started + 9 * MONTH),
                      "Stop on harm.", "Performance team"))
        event(pilot_id, "started", author, started)
        rows, outcome = [], None
        for month in range(months):
            start = started + month * MONTH
            end = min(start + MONTH - DAY, limit - DAY) if months > 1 else start
            recorded = min(end + DAY, limit)
            for site in ("pilot", "comparison") if comparison else ("pilot",):
                n = rng.randint(4, 14) if verdict == "too_early" else rng.randint(40, 400)
                share = PILOT_SHARE[verdict] if site == "pilot" else BASELINE
                successes = min(n, max(0, round(n * (share + rng.uniform(-0.02, 0.02)))))
                cost = round(rng.uniform(20, 90), 2)
                rows.append(SimpleNamespace(site=site, n=n, successes=successes, mean=None,
                                            sd=None, cost_per_case=cost))
                figures.append((ids[Measurement] + len(figures), pilot_id, day(start), day(end),
                                site, n, successes, None, None, cost, author, stamp(recorded)))
            outcome = results.outcome(_card(comparison), rows)
            result = outcome.result
            event(pilot_id, "figures", author, recorded, periods=2 if comparison else 1,
                  replaced=0, estimate=_number(result, "estimate"),
                  ci_low=_number(result, "ci_low"), ci_high=_number(result, "ci_high"),
                  proposed_verdict=outcome.proposed_verdict)
        if closed is not None:
            event(pilot_id, "closed", author, closed, verdict=verdict,
                  proposed_verdict=outcome.proposed_verdict)
        conclusion = CONCLUSIONS.get(verdict, "")
        pilots.append((pilot_id, proposal["id"], f"Pilot {len(pilots) + 1}", proposal["area"],
                       "running" if closed is None else "closed", author,
                       stamp(started - 7 * DAY), stamp(started), closed and stamp(closed),
                       closed and outcome.proposed_verdict, closed and outcome.reason, verdict,
                       conclusion, html(conclusion), closed and author))
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
        "id", "pilot_id", "kind", "author_id", "created_at", "periods", "replaced", "estimate",
        "ci_low", "ci_high", "proposed_verdict", "verdict"), events)
