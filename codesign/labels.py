"""Words for the stored codes (statuses, reasons, cost bands), in the reader's
language. One table per kind of code, the only place these words are
written: forms and messages read the tables, templates call the functions
below, which templating.py makes Jinja globals of the same names
(`{{ idea_status_label(idea.status) }}`). lazy_gettext translates a word
only when it is shown, so a table costs nothing until then."""
from flask_babel import lazy_gettext as _l

from .models.idea import HideReason, IdeaStatus
from .models.proposal import CostBand, ProposalStatus

IDEA_STATUS_LABELS = {
    IdeaStatus.PUBLISHED.value: _l("Published"),
    IdeaStatus.UNDER_REVIEW.value: _l("Under review"),
    IdeaStatus.PROMOTED.value: _l("Promoted to a proposal"),
    IdeaStatus.NOT_TAKEN_FORWARD.value: _l("Not taken forward"),
    IdeaStatus.DUPLICATE.value: _l("Duplicate"),
    IdeaStatus.ALREADY_PLANNED.value: _l("Already planned"),
}

PROPOSAL_STATUS_LABELS = {
    ProposalStatus.DRAFT.value: _l("Draft"),
    ProposalStatus.OPEN_FOR_FEEDBACK.value: _l("Open for feedback"),
    ProposalStatus.APPROVED.value: _l("Approved"),
    ProposalStatus.IN_PILOT.value: _l("In pilot"),
    ProposalStatus.IMPLEMENTED.value: _l("Implemented"),
    ProposalStatus.NOT_TAKEN_FORWARD.value: _l("Not taken forward"),
}

# Why an idea or comment is hidden.
REASON_LABELS = {
    HideReason.SPAM.value: _l("Spam"),
    HideReason.OFFENSIVE.value: _l("Offensive"),
    HideReason.OFF_TOPIC.value: _l("Off-topic"),
    HideReason.PERSONAL_INFORMATION.value: _l("Personal information"),
    HideReason.OTHER.value: _l("Other"),
    HideReason.REPORTED.value: _l("Reported by several people, awaiting review"),
}

COST_BAND_LABELS = {
    CostBand.UNDER_10K.value: _l("Under £10,000"),
    CostBand.FROM_10K_TO_50K.value: _l("£10,000 to £50,000"),
    CostBand.FROM_50K_TO_250K.value: _l("£50,000 to £250,000"),
    CostBand.OVER_250K.value: _l("Over £250,000"),
    CostBand.UNKNOWN.value: _l("Not yet known"),
}


def _labeller(table):
    def label(code):
        """The words for the code, or the code itself if it has none."""
        words = table.get(code)
        return code if words is None else str(words)
    return label


idea_status_label = _labeller(IDEA_STATUS_LABELS)
proposal_status_label = _labeller(PROPOSAL_STATUS_LABELS)
reason_label = _labeller(REASON_LABELS)
cost_band_label = _labeller(COST_BAND_LABELS)

TEMPLATE_GLOBALS = {
    "idea_status_label": idea_status_label,
    "proposal_status_label": proposal_status_label,
    "reason_label": reason_label,
    "cost_band_label": cost_band_label,
}
