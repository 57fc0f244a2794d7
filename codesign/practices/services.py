"""The rules for practices: write and publish a playbook, attach and remove
files, adopt a practice that worked, and tell the residents behind the
original idea. Functions take models and values, flush, never commit; a
rule that says no raises DomainError and the route rolls back."""
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..clock import utcnow
from ..exceptions import DomainError
from ..extensions import db
from ..models import (
    Adoption,
    NotificationKind,
    Pilot,
    PilotStatus,
    PilotVerdict,
    Playbook,
    PlaybookAttachment,
    PlaybookState,
    Proposal,
    ProposalStatus,
    ProposalStatusChange,
)
from ..notifications.services import follow, follower_ids, notify
from ..permissions import pilot_worked
from ..pilots import queries as pilot_queries
from ..pilots import results
from ..sanitise import render_markdown
from . import queries, uploads

FIELDS = ("title", "summary", "steps", "setup_cost", "running_cost", "needs", "pitfalls",
          "contact_team")
MARKDOWN_FIELDS = ("steps", "needs", "pitfalls")


def save_playbook(staff, pilot, values, state):
    """Write (or rewrite) the playbook of a pilot that worked, as a draft or published."""
    if not pilot_worked(pilot):
        raise DomainError(_("Only a pilot that closed as “worked” has a playbook."))
    if state not in {s.value for s in PlaybookState}:
        raise DomainError(_("Choose draft or published"), field="state")
    now = utcnow()
    playbook = queries.playbook_of(pilot)
    if playbook is None:
        playbook = Playbook(pilot_id=pilot.id, created_by_id=staff.id, created_at=now)
        db.session.add(playbook)
    for name in FIELDS:
        setattr(playbook, name, values[name] or "")
    for name in MARKDOWN_FIELDS:
        setattr(playbook, f"{name}_html", str(render_markdown(values[name] or "")))
    playbook.updated_at = now
    if state == PlaybookState.PUBLISHED.value and not playbook.is_published:
        playbook.published_at = now
    playbook.state = state
    try:
        db.session.flush()
    except IntegrityError:
        raise DomainError(_("Someone wrote this playbook at the same moment; nothing was "
                            "saved. Open it again.")) from None
    return playbook


def attach(staff, playbook, filename, data, max_bytes):
    """Keep a file with the playbook, once its content shows it is a PDF, an
    image or a spreadsheet. Returns the attachment."""
    if playbook is None:
        raise DomainError(_("Save the playbook before attaching files."), field="file")
    if not data:
        raise DomainError(_("The file is empty."), field="file")
    if len(data) > max_bytes:
        raise DomainError(_("The file is larger than %(size)s MB.", size=megabytes(max_bytes)),
                          field="file")
    kind = uploads.content_type(data)
    if kind is None:
        raise DomainError(_("This file is not a PDF, a PNG or JPEG image, or an XLSX, ODS or "
                            "CSV spreadsheet (its content was checked, not its name)."),
                          field="file")
    stored = uploads.save(data)
    row = PlaybookAttachment(playbook_id=playbook.id, filename=uploads.download_name(filename, kind),
                             stored_name=stored, content_type=kind.value, size=len(data),
                             uploaded_by_id=staff.id, created_at=utcnow())
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        uploads.remove(stored)
        raise
    return row


def megabytes(size):
    return f"{size / (1024 * 1024):g}"


def remove_attachment(attachment):
    """Forget the attachment; returns the stored name, for the route to delete
    the file once the change is committed."""
    stored = attachment.stored_name
    db.session.delete(attachment)
    db.session.flush()
    return stored


# -- adoption -------------------------------------------------------------------------

def why_not_adoptable(pilot, playbook):
    """Why this pilot's practice cannot be adopted, or None."""
    if pilot.status != PilotStatus.CLOSED.value:
        return _("This pilot has not finished: only a pilot that closed as “worked” can be "
                 "adopted.")
    if pilot.verdict == PilotVerdict.DID_NOT_WORK.value:
        return _("This pilot did not work, so there is no practice to adopt. Its result is "
                 "published so others can learn from it.")
    if pilot.verdict != PilotVerdict.WORKED.value:
        return _("This pilot closed as too early to tell: only a pilot that worked can be "
                 "adopted.")
    if playbook is None or not playbook.is_published:
        return _("This pilot has no published playbook yet: staff write and publish one before "
                 "it can be adopted.")
    return None


def effect_words(card, outcome):
    """The original effect in words, from the pilot's result."""
    result = outcome.result if outcome else None
    if card is None or result is None:
        return None
    unit = _("percentage points") if card.kind == "proportion" else card.measure_unit
    return _("%(measure)s changed by %(estimate)s %(unit)s (95%% interval %(low)s to %(high)s)",
             measure=card.measure_name, estimate=results.show_change(card, result.estimate),
             unit=unit, low=results.show_change(card, result.ci_low),
             high=results.show_change(card, result.ci_high))


def _proposal_text(pilot, playbook, card, outcome, area):
    source = pilot.proposal
    # Ideas by number and title only: the authors are credited on the page,
    # where a deleted account shows as "Former resident"; stored text would
    # keep their names.
    ideas = ", ".join(f"#{idea.id} “{idea.title}”" for idea, _author in queries.credits(pilot))
    change = _("Adopt what worked in the pilot “%(pilot)s” (%(area)s), following its playbook.",
               pilot=pilot.title, area=pilot.service_area.name)
    change += "\n\n" + playbook.steps
    if ideas:
        change += "\n\n" + _("First suggested by residents in %(ideas)s.", ideas=ideas)
    benefits = _("In the original pilot, %(effect)s.", effect=effect_words(card, outcome)) \
        if effect_words(card, outcome) else _("The original pilot worked.")
    benefits += " " + _("%(area)s runs its own pilot, with its own baseline, to see whether it "
                        "works here too.", area=area.name)
    return {"problem": source.problem, "proposed_change": change,
            "expected_benefits": benefits, "who_it_affects": source.who_it_affects,
            "cost_band": source.cost_band}


def _same_team(one, other):
    return " ".join((one or "").split()).casefold() == " ".join((other or "").split()).casefold()


def adopt(staff, pilot, playbook, area, team, title, decision_due):
    """A new draft proposal in the adopting area, pre-filled from the playbook,
    that credits the original ideas and pilot; the residents behind the
    original idea are told. Returns the Adoption."""
    reason = why_not_adoptable(pilot, playbook)
    if reason:
        raise DomainError(reason)
    if area.id == pilot.service_area_id and _same_team(team, pilot.proposal.responsible_team):
        raise DomainError(_("That is the team that ran the original pilot, in the same service "
                            "area: a practice is adopted by another service area or another "
                            "team."), field="responsible_team")
    card, outcome = queries.outcome_of(pilot)
    text = _proposal_text(pilot, playbook, card, outcome, area)
    now = utcnow()
    proposal = Proposal(title=title, service_area=area, responsible_team=team,
                        decision_due=decision_due, status=ProposalStatus.DRAFT.value,
                        created_by=staff, created_at=now, updated_at=now, comment_count=0,
                        **text)
    for name in ("problem", "proposed_change", "expected_benefits", "who_it_affects"):
        setattr(proposal, f"{name}_html", str(render_markdown(text[name])))
    db.session.add(proposal)
    db.session.flush()
    response = _("Adopted from the pilot “%(pilot)s”, which worked in %(area)s.",
                 pilot=pilot.title, area=pilot.service_area.name)
    db.session.add(ProposalStatusChange(
        proposal_id=proposal.id, from_status=None, to_status=ProposalStatus.DRAFT.value,
        response=response, response_html=str(render_markdown(response)), author_id=staff.id,
        created_at=now))
    adoption = Adoption(source_pilot_id=pilot.id, proposal_id=proposal.id,
                        created_by_id=staff.id, created_at=now)
    db.session.add(adoption)
    db.session.flush()
    follow(staff, proposal=proposal)
    tell_people_behind(staff, pilot, NotificationKind.IDEA_ADOPTED, pilot)
    return adoption


def people_behind(source_pilot):
    """The residents behind a pilot's ideas: authors, supporters and
    followers of the ideas, and the proposal's followers (as pilots tell them)."""
    ideas = pilot_queries.source_ideas(source_pilot.proposal)
    people = follower_ids(proposal=source_pilot.proposal)
    for idea in ideas:
        people |= {idea.author_id} | follower_ids(idea=idea)
    people |= pilot_queries.supporter_ids([idea.id for idea in ideas])
    return ideas, people


def tell_people_behind(staff, source_pilot, kind, pilot):
    """One notification each about the first of the original ideas, linking
    `pilot` (the original for an adoption, the adopting one for its verdict)."""
    ideas, people = people_behind(source_pilot)
    notify(people, kind, idea=ideas[0] if ideas else None, actor=staff, pilot=pilot)


def on_pilot_closed(pilot, staff=None, **_extra):
    """A pilot closed (codesign.signals.pilot_closed): if its proposal adopted
    a practice, the residents behind the original idea hear its verdict."""
    adoption = queries.adoption_for_proposal(pilot.proposal_id)
    if adoption is None:
        return
    original = db.session.get(Pilot, adoption.source_pilot_id)
    tell_people_behind(staff, original, NotificationKind.ADOPTION_VERDICT, pilot)
