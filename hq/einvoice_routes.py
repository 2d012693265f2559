"""The company buyers head office knows, for a till: a clerk types a buyer's tax code at the
payment screen and the till asks here for the name and address an invoice at any shop gave it
(:mod:`hq.einvoices` keeps them). A terminal asks with its token, as it does to sync."""

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, FastAPI, Path
from sqlalchemy.orm import Session, sessionmaker

from hq import einvoices, protocol
from hq.models import Terminal

TAX_CODE = r"^[0-9]{10}(-[0-9]{3})?$"  # as printed: 0100109106 or 0100109106-997


def add_einvoice_routes(
    app: FastAPI, session_factory: sessionmaker[Session], terminal_of: Callable[..., Terminal]
) -> None:
    @app.get(
        f"{protocol.API_PREFIX}/einvoice-buyers/{{tax_code}}", response_model=protocol.KnownBuyer
    )
    def einvoice_buyer(
        _terminal: Annotated[Terminal, Depends(terminal_of)],
        tax_code: Annotated[str, Path(pattern=TAX_CODE)],
    ) -> protocol.KnownBuyer:
        """The company with ``tax_code`` as the latest invoice to it named it; an empty name
        when no shop has invoiced it (not an error: the till then leaves the name to type)."""
        with session_factory() as session:
            found = einvoices.known_buyer(session, tax_code)
        if found is None:
            return protocol.KnownBuyer(tax_code=tax_code)
        return protocol.KnownBuyer(tax_code=tax_code, name=found.name, address=found.address)
