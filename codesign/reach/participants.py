"""Who took part in a scope (a service area, a challenge or a proposal): the
one place that decides it, so the reach report and its CSV agree, and so
people who take part in other ways (assisted residents entered by a
connector, when they answer the questions) are added here and nowhere else.

- a service area: whoever proposed, supported or commented on an idea filed
  under it, or commented on one of its proposals;
- a challenge: whoever proposed, supported or commented on its ideas;
- a proposal: whoever proposed, supported or commented on the ideas it was
  made from, or commented on the proposal itself.

Deleted accounts are left out: their answers went with them.

Assisted residents (codesign/assist) take part through a connector, who is
the author on the site of what they entered for them. Those ideas and
comments are the resident's, not the connector's: the connector is not
counted for them. A resident is counted, beside the people with accounts,
when a connector entered an idea, a comment or a support for them in the
scope and recorded at least one answer of theirs (even "prefer not to say").
The two are counted apart (a resident has no account), and added."""
from dataclasses import dataclass

from sqlalchemy import exists, func, select, union

from ..extensions import db
from ..models import (
    AssistedEntry,
    AssistedReachAnswer,
    Challenge,
    Comment,
    Idea,
    Proposal,
    ServiceArea,
    Support,
    User,
)

AREA, CHALLENGE, PROPOSAL = "area", "challenge", "proposal"
KINDS = (AREA, CHALLENGE, PROPOSAL)


@dataclass(frozen=True)
class Scope:
    kind: str
    id: int
    name: str
    service_area_id: int


def scope_of(kind, subject_id):
    """The scope for a kind and id, or None when there is no such thing."""
    if kind == AREA:
        area = db.session.get(ServiceArea, subject_id)
        return area and Scope(AREA, area.id, area.name, area.id)
    if kind == CHALLENGE:
        challenge = db.session.get(Challenge, subject_id)
        return challenge and Scope(CHALLENGE, challenge.id, challenge.question,
                                   challenge.service_area_id)
    if kind == PROPOSAL:
        proposal = db.session.get(Proposal, subject_id)
        return proposal and Scope(PROPOSAL, proposal.id, proposal.title,
                                  proposal.service_area_id)
    return None


def _ideas_and_proposals(scope):
    if scope.kind == AREA:
        return (select(Idea.id).where(Idea.service_area_id == scope.id),
                select(Proposal.id).where(Proposal.service_area_id == scope.id))
    if scope.kind == CHALLENGE:
        return select(Idea.id).where(Idea.challenge_id == scope.id), None
    return (select(Idea.id).where(Idea.proposal_id == scope.id),
            select(Proposal.id).where(Proposal.id == scope.id))


def participants(scope):
    """A SELECT of one column, user_id: each participant with an account once."""
    ideas, proposals = _ideas_and_proposals(scope)
    # What a connector entered for a resident (assisted_place set) is the resident's.
    parts = [select(Idea.author_id.label("user_id"))
             .where(Idea.id.in_(ideas), Idea.assisted_place.is_(None)),
             select(Support.user_id).where(Support.idea_id.in_(ideas)),
             select(Comment.author_id).where(Comment.idea_id.in_(ideas),
                                             Comment.assisted_place.is_(None))]
    if proposals is not None:
        parts.append(select(Comment.author_id).where(Comment.proposal_id.in_(proposals),
                                                     Comment.assisted_place.is_(None)))
    people = union(*parts).subquery()
    return (select(people.c.user_id).join(User, User.id == people.c.user_id)
            .where(User.deleted_at.is_(None)))


def assisted_participants(scope):
    """A SELECT of one column, resident_id: each assisted resident of the
    scope who answered at least one question, once."""
    ideas, _proposals = _ideas_and_proposals(scope)
    answered = exists().where(AssistedReachAnswer.resident_id == AssistedEntry.resident_id)
    return (select(AssistedEntry.resident_id).distinct()
            .where(AssistedEntry.idea_id.in_(ideas), answered))


def count(scope):
    """Participants with an account plus assisted residents who answered."""
    users = select(func.count()).select_from(participants(scope).subquery())
    residents = select(func.count()).select_from(assisted_participants(scope).subquery())
    return db.session.scalar(users) + db.session.scalar(residents)
