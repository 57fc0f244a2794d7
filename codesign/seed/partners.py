"""Partners at scale: organisations (most confirmed, some waiting, a few
declined), one member each, offers of help on the proposals (accepted on
most that reached a pilot, some waiting or declined), and design groups of
residents on the proposals that were open for feedback or in pilot.
Written in bulk like the rest, after everything else, so it changes no
other table's content for a given --seed."""
from ..formtext import name_key
from ..models import DesignGroupMember, Offer, Partner, PartnerMember
from ..models.partner import OfferKind, PartnerKind
from .writer import html, stamp

DAY = 86_400
NAMES = ("Tenants' Trust", "Repair Café", "Community Garden", "Youth Club", "Food Bank",
         "Cycle Workshop", "Men's Shed", "Library Friends", "Makerspace", "Business Forum")
PLACES = ("Eastfield", "Westgate", "Northside", "Riverside", "Old Town", "Hillcrest",
          "Millbrook", "Southbank")
OFFERS = {"skills": "Two of our members can help plan this, one evening a week.",
          "venue": "Our hall is free on weekday mornings.",
          "volunteers": "Six volunteers for the first month.",
          "in_kind": "Materials and tools for the first site, at no cost."}
NOTES = ("I can test it and say how it went.", "Happy to give feedback during the pilot.",
         "I use this service every week.", "I can ask my neighbours what they think.")
GROUP_MAX = 12


def _partners(world, ids):
    rng = world.rng
    count = min(max(3, len(world.proposals) // 3), len(world.residents) // 2, 400)
    members = rng.sample(world.residents, count) if count > 0 else []
    rows, memberships, confirmed = [], [], []
    for n, user_id in enumerate(members):
        partner_id = ids[Partner] + n
        status = "declined" if n % 10 == 9 else "pending" if n % 10 == 8 else "confirmed"
        created = world.between(world.start, world.now - DAY)
        decided = None if status == "pending" else stamp(min(created + 3 * DAY, world.now))
        name = f"{PLACES[n % len(PLACES)]} {NAMES[(n // len(PLACES)) % len(NAMES)]}"
        name += f" {n // (len(PLACES) * len(NAMES)) + 1}" if n >= len(PLACES) * len(NAMES) else ""
        kind = list(PartnerKind)[n % len(PartnerKind)].value
        description = f"{name}: local people helping deliver local services."
        rows.append((partner_id, name, name_key(name), kind,
                     f"https://partner{n + 1}.example.org", description, html(description),
                     status, user_id, stamp(created), world.staff[0] if decided and world.staff else None,
                     decided))
        if status == "confirmed":
            memberships.append((ids[PartnerMember] + len(memberships), partner_id, user_id,
                                decided))
            confirmed.append((partner_id, user_id, created))
    return rows, memberships, confirmed


def _offers(world, ids, confirmed):
    rng, rows = world.rng, []
    for proposal in world.proposals:
        reached = [to for _from, to, _when in proposal["history"]]
        if not confirmed or "open_for_feedback" not in reached:
            continue
        opened = next(when for _from, to, when in proposal["history"] if to == "open_for_feedback")
        for partner_id, user_id, _created in rng.sample(confirmed, min(len(confirmed),
                                                                        rng.randint(0, 2))):
            kind = rng.choice(list(OfferKind)).value
            if "in_pilot" in reached:
                status = "accepted" if rng.random() < 0.8 else "declined"
            else:
                status = rng.choice(("pending", "accepted", "declined"))
            made = world.between(opened, world.now - 60)
            rows.append((ids[Offer] + len(rows), partner_id, user_id, None, proposal["id"],
                         kind, OFFERS[kind], html(OFFERS[kind]), status, stamp(made),
                         None if status == "pending" else proposal["author"],
                         None if status == "pending" else stamp(min(made + DAY, world.now))))
    return rows


def _groups(world, ids):
    rng, rows = world.rng, []
    for proposal in world.proposals:
        opened = [when for _from, to, when in proposal["history"]
                  if to in ("open_for_feedback", "in_pilot")]
        if not opened:
            continue
        joined_by = world.joined_by(opened[0])
        size = min(rng.randint(0, GROUP_MAX), joined_by)
        for user_id in rng.sample(world.residents[:joined_by], size):
            note = rng.choice(NOTES)
            rows.append((ids[DesignGroupMember] + len(rows), proposal["id"], user_id, note,
                         html(note), rng.random() < 0.6,
                         stamp(world.between(opened[0], world.now - 60))))
    return rows


def write_partners(world, writer):
    ids = {table: writer.next_id(table.__table__)
           for table in (Partner, PartnerMember, Offer, DesignGroupMember)}
    partners, memberships, confirmed = _partners(world, ids)
    writer.insert(Partner.__table__, (
        "id", "name", "name_key", "kind", "website", "description", "description_html",
        "status", "created_by_id", "created_at", "decided_by_id", "decided_at"), partners)
    writer.insert(PartnerMember.__table__, ("id", "partner_id", "user_id", "created_at"),
                  memberships)
    writer.insert(Offer.__table__, (
        "id", "partner_id", "created_by_id", "idea_id", "proposal_id", "kind", "description",
        "description_html", "status", "created_at", "decided_by_id", "decided_at"),
        _offers(world, ids, confirmed))
    writer.insert(DesignGroupMember.__table__, (
        "id", "proposal_id", "user_id", "note", "note_html", "credit_by_name", "joined_at"),
        _groups(world, ids))
