"""The errors of head-office sync: head office away, the terminal refused, or not enrolled yet."""


class SyncError(Exception):
    """Sync did not complete; nothing on the terminal was changed by the failed step.

    Not a :class:`DomainError`: no clerk's action fails with it (the till never waits on head
    office); the worker logs it and backs off, and the status bar shows :meth:`SyncClient.status`.
    Like domain errors it carries data, never UI text.
    """

    def __init__(self, **data: object):
        self.data = data
        detail = ", ".join(f"{k}={v!r}" for k, v in data.items())
        super().__init__(f"{type(self).__name__}({detail})")


class SyncUnavailable(SyncError):
    """Head office could not be reached or did not answer properly: try again later."""


class SyncRefused(SyncError):
    """Head office refused the terminal (token revoked or unknown, enrolment code refused).

    Retrying does not help: an operator must enrol the terminal again.
    """


class NotEnrolled(SyncError):
    """The terminal has no head-office address and token yet."""
