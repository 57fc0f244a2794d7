"""Email addresses as accounts see them: the address as typed, normalised for
lookups, and the mailbox it delivers to, for the one-account-per-mailbox rule.
"""
from .formtext import clean_text

# Providers that deliver name.surname@ and namesurname@ to the same mailbox.
DOTS_IGNORED = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def normalise(email):
    """The address as stored and looked up: trimmed, lower-cased."""
    return clean_text(email or "").lower()


def canonical(email):
    """The mailbox an address delivers to: without a +tag, and for the
    providers that ignore dots, without dots and under one domain name.

    "Jo.Bennett+news@googlemail.com" and "jobennett@gmail.com" are one mailbox.
    """
    local, at, domain = normalise(email).rpartition("@")
    if not at or not local:
        return normalise(email)
    untagged = local.split("+", 1)[0] or local
    if domain in DOTS_IGNORED:
        untagged = untagged.replace(".", "") or untagged
        domain = DOTS_IGNORED[domain]
    return f"{untagged}@{domain}"
