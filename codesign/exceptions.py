class DomainError(Exception):
    """A rule of the domain was broken; the message is safe to show the user.

    ``field`` names the form field the message belongs beside, if any.
    """

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field
