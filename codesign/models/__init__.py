from .area import Challenge, ServiceArea
from .comment import Comment
from .idea import HideReason, Idea, IdeaStatus, IdeaStatusChange
from .mail import OutboxMessage
from .moderation import Appeal, ModerationAction, ModerationActionKind, Report, ReportReason
from .notification import Follow, Notification, NotificationKind
from .pilot import (
                    MeasureKind,
                    Measurement,
                    Pilot,
                    PilotCard,
                    PilotEvent,
                    PilotEventKind,
                    PilotStatus,
                    PilotVerdict,
)
from .practice import Adoption, AttachmentType, Playbook, PlaybookAttachment, PlaybookState
from .proposal import CostBand, Proposal, ProposalStatus, ProposalStatusChange
from .support import Support
from .user import EmailPreference, Role, User

__all__ = [
    "Adoption", "Appeal", "AttachmentType", "Challenge", "Comment", "CostBand", "EmailPreference",
    "Follow", "HideReason", "Idea", "IdeaStatus", "IdeaStatusChange", "ModerationAction",
    "ModerationActionKind",
    "Measurement", "MeasureKind", "Notification", "NotificationKind", "OutboxMessage", "Pilot",
    "PilotCard", "PilotEvent", "PilotEventKind", "PilotStatus", "PilotVerdict", "Playbook",
    "PlaybookAttachment", "PlaybookState", "Proposal",
    "ProposalStatus", "ProposalStatusChange", "Report", "ReportReason", "Role", "ServiceArea",
    "Support", "User",
]
