"""Comments on ideas follow the rules every comment does (comments/services.py);
these names stay for the callers that use them (the demo)."""
from ..comments.services import add_comment, delete_comment, edit_comment

__all__ = ["add_comment", "delete_comment", "edit_comment"]
