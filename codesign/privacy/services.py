"""Recording which version of the privacy notice a person accepted."""
from ..clock import utcnow


def accept_notice(user, version):
    """The person has seen this version (at registration, or from the banner
    after a material change). An older version never replaces a newer one."""
    if user.privacy_version_accepted is None or user.privacy_version_accepted < version:
        user.privacy_version_accepted = version
    user.privacy_accepted_at = utcnow()

