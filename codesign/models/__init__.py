from .area import Challenge, ServiceArea
from .comment import Comment
from .idea import Idea, IdeaStatus
from .mail import OutboxMessage
from .user import Role, User
from .vote import Vote

__all__ = [
    "Challenge", "Comment", "Idea", "IdeaStatus", "OutboxMessage", "Role",
    "ServiceArea", "User", "Vote",
]
