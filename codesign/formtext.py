"""The one filter for text typed into forms."""


def clean_text(value):
    """Trim surrounding space and drop NUL characters: PostgreSQL cannot store
    them (nor compare against them), and nobody means to type one."""
    if not isinstance(value, str):
        return value
    return value.replace("\x00", "").strip()
