"""Words for the stored codes, for forms and messages written in Python. The
templates use the macros in templates/_labels.html, with the same words."""
from flask_babel import lazy_gettext as _l

from ..models.proposal import CostBand, ProposalStatus

COST_BAND_LABELS = {
    CostBand.UNDER_10K.value: _l("Under £10,000"),
    CostBand.FROM_10K_TO_50K.value: _l("£10,000 to £50,000"),
    CostBand.FROM_50K_TO_250K.value: _l("£50,000 to £250,000"),
    CostBand.OVER_250K.value: _l("Over £250,000"),
    CostBand.UNKNOWN.value: _l("Not yet known"),
}

STATUS_LABELS = {
    ProposalStatus.DRAFT.value: _l("Draft"),
    ProposalStatus.OPEN_FOR_FEEDBACK.value: _l("Open for feedback"),
    ProposalStatus.APPROVED.value: _l("Approved"),
    ProposalStatus.IN_PILOT.value: _l("In pilot"),
    ProposalStatus.IMPLEMENTED.value: _l("Implemented"),
    ProposalStatus.NOT_TAKEN_FORWARD.value: _l("Not taken forward"),
}
