"""Words for the stored codes (statuses, reasons, cost bands), in the reader's
language. One table per kind of code, the only place these words are
written: forms and messages read the tables, templates call the functions
below, which templating.py makes Jinja globals of the same names
(`{{ idea_status_label(idea.status) }}`). lazy_gettext translates a word
only when it is shown, so a table costs nothing until then."""
from flask_babel import lazy_gettext as _l

from .models.assisted import Channel
from .models.idea import HideReason, IdeaStatus
from .models.pilot import Better, Direction, MeasureKind, PilotStatus, PilotVerdict, Site
from .models.proposal import CostBand, ProposalStatus

CHANNEL_LABELS = {
    Channel.DESK.value: _l("At a desk"),
    Channel.PHONE.value: _l("On the phone"),
    Channel.PAPER.value: _l("Paper form"),
    Channel.EVENT.value: _l("At an event"),
}

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

# -- pilots --------------------------------------------------------------------

PILOT_STATUS_LABELS = {
    PilotStatus.PLANNED.value: _l("Planned"),
    PilotStatus.RUNNING.value: _l("Running"),
    PilotStatus.CLOSED.value: _l("Closed"),
}
VERDICT_LABELS = {
    PilotVerdict.WORKED.value: _l("Worked"),
    PilotVerdict.DID_NOT_WORK.value: _l("Did not work"),
    PilotVerdict.TOO_EARLY.value: _l("Too early to tell"),
}
# Why the site proposed its verdict (codesign/pilots/verdict.py Reason), and
# "no_figures", stored when a pilot closes without any.
VERDICT_REASON_LABELS = {
    "better_and_reaches_target": _l("The whole interval is on the better side of zero and the "
                                    "estimate reaches the target."),
    "short_of_target": _l("The whole interval falls short of the target."),
    "fewer_than_30_cases": _l("A site has fewer than 30 cases."),
    "no_interval": _l("The figures do not give an interval yet."),
    "not_clear_yet": _l("The interval still includes zero or the target."),
    "no_figures": _l("There were no figures to compare."),
}
# The kind of measure: as a choice on the card's form, and within a sentence.
MEASURE_KIND_CHOICES = {
    MeasureKind.PROPORTION.value: _l("A proportion (a share of cases, such as repairs fixed at "
                                     "the first visit)"),
    MeasureKind.MEAN.value: _l("A mean (an average, such as days to fix)"),
}
MEASURE_KIND_LABELS = {MeasureKind.PROPORTION.value: _l("a proportion"),
                       MeasureKind.MEAN.value: _l("a mean")}
BETTER_LABELS = {Better.HIGHER.value: _l("Higher is better"),
                 Better.LOWER.value: _l("Lower is better")}
DIRECTION_LABELS = {Direction.RISE.value: _l("rise"), Direction.FALL.value: _l("fall")}
SITE_LABELS = {Site.PILOT.value: _l("Pilot site"), Site.COMPARISON.value: _l("Comparison site")}
METHOD_LABELS = {
    "newcombe": _l("Newcombe's score interval for a difference of two proportions"),
    "welch": _l("Welch's interval for a difference of two means"),
    "wilson_vs_baseline": _l("Wilson score interval of the pilot's proportion, against the "
                             "baseline"),
    "t_vs_baseline": _l("t interval of the pilot's mean, against the baseline"),
}


def _labeller(table):
    def label(code):
        """The words for the code, or the code itself if it has none."""
        words = table.get(code)
        return code if words is None else str(words)
    return label


idea_status_label = _labeller(IDEA_STATUS_LABELS)
channel_label = _labeller(CHANNEL_LABELS)
proposal_status_label = _labeller(PROPOSAL_STATUS_LABELS)
reason_label = _labeller(REASON_LABELS)
cost_band_label = _labeller(COST_BAND_LABELS)
pilot_status_label = _labeller(PILOT_STATUS_LABELS)
verdict_label = _labeller(VERDICT_LABELS)
verdict_reason_label = _labeller(VERDICT_REASON_LABELS)
measure_kind_label = _labeller(MEASURE_KIND_LABELS)
better_label = _labeller(BETTER_LABELS)
direction_label = _labeller(DIRECTION_LABELS)
site_label = _labeller(SITE_LABELS)
method_label = _labeller(METHOD_LABELS)


def pilot_outcome_label(pilot):
    """Where a pilot stands, in a word or two: planned, running, or staff's verdict."""
    if pilot.status == PilotStatus.CLOSED.value:
        return verdict_label(pilot.verdict)
    return pilot_status_label(pilot.status)


TEMPLATE_GLOBALS = {
    "idea_status_label": idea_status_label,
    "channel_label": channel_label,
    "proposal_status_label": proposal_status_label,
    "reason_label": reason_label,
    "cost_band_label": cost_band_label,
    "pilot_status_label": pilot_status_label,
    "verdict_label": verdict_label,
    "verdict_reason_label": verdict_reason_label,
    "measure_kind_label": measure_kind_label,
    "better_label": better_label,
    "direction_label": direction_label,
    "site_label": site_label,
    "method_label": method_label,
    "pilot_outcome_label": pilot_outcome_label,
}
