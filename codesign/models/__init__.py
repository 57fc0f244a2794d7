from .area import Challenge, ServiceArea
from .comment import Comment
from .idea import HideReason, Idea, IdeaStatus, IdeaStatusChange
from .mail import OutboxMessage
from .moderation import Appeal, ModerationAction, ModerationActionKind, Report, ReportReason
from .notification import Follow, Notification, NotificationKind
from .proposal import CostBand, Proposal, ProposalStatus, ProposalStatusChange
from .support import Support
from .user import EmailPreference, Role, User

__all__ = [
    "Appeal", "Challenge", "Comment", "CostBand", "EmailPreference", "Follow", "HideReason",
    "Idea", "IdeaStatus", "IdeaStatusChange", "ModerationAction", "ModerationActionKind",
    "Notification", "NotificationKind", "OutboxMessage", "Proposal", "ProposalStatus",
    "ProposalStatusChange", "Report", "ReportReason", "Role", "ServiceArea", "Support", "User",
]
