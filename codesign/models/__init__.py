from .accessibility import AccessibilityReport
from .account import EmailHistory, SignInEvent, SignInEventKind, UserSession
from .area import Challenge, ServiceArea
from .assisted import AssistedEntry, AssistedResident, Channel, EntryKind
from .comment import Comment
from .idea import HideReason, Idea, IdeaStatus, IdeaStatusChange
from .mail import OutboxMessage
from .moderation import Appeal, ModerationAction, ModerationActionKind, Report, ReportReason
from .notification import Follow, Notification, NotificationKind
from .participation import ParticipationDay
from .partner import (
    DesignGroupMember,
    Offer,
    OfferKind,
    OfferStatus,
    Partner,
    PartnerKind,
    PartnerMember,
    PartnerStatus,
)
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
from .reach import (
    AssistedReachAnswer,
    ReachAnswer,
    ReachPlace,
    ReachQuestion,
    ReachReference,
    ReachReferenceShare,
)
from .site_settings import SiteSettings
from .support import Support
from .user import EmailPreference, Role, User

__all__ = [
    "AccessibilityReport",
    "Adoption", "Appeal", "AssistedEntry", "AssistedResident", "Channel", "EntryKind",
    "AttachmentType", "Challenge", "Comment", "CostBand", "EmailPreference",
    "Follow", "HideReason", "ParticipationDay", "Idea", "IdeaStatus", "IdeaStatusChange", "ModerationAction",
    "ModerationActionKind",
    "Measurement", "MeasureKind", "Notification", "NotificationKind", "OutboxMessage", "Pilot",
    "PilotCard", "PilotEvent", "PilotEventKind", "PilotStatus", "PilotVerdict", "Playbook",
    "PlaybookAttachment", "PlaybookState", "Proposal",
    "ProposalStatus", "ProposalStatusChange", "Report", "ReportReason", "Role", "ServiceArea",
    "SiteSettings", "Support", "User",
    "DesignGroupMember", "Offer", "OfferKind", "OfferStatus", "Partner", "PartnerKind",
    "PartnerMember", "PartnerStatus",
    "EmailHistory", "SignInEvent", "SignInEventKind", "UserSession",
    "AssistedReachAnswer", "ReachAnswer", "ReachPlace", "ReachQuestion", "ReachReference",
    "ReachReferenceShare",
]
