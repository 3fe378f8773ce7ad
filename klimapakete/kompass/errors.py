from klimapakete.errors import DomainError


class KompassError(DomainError):
    """A broken rule of the Kompass or its public page (codes in ``messages.py``)."""
