"""QXI failures as erplink's HTTP errors, so retries, quarantine and the run's abort work as they do for REST.

A SOAP fault is a pre-processing error (QAD-FACTS §2): ``Client`` (and ``VersionMismatch``, ``MustUnderstand``)
will fail the same way again, ``Server`` was not applied and is worth sending again, even for a write. A fault
code ``Client.Authentication`` (QXI's refusal of the session context's credentials, the sandbox's assumed
subcode) stops the run like any refused login. A QDoc answered ``error`` was processed and refused: permanent,
with every ``temp_err_msg`` row (description, field, context) in the reason.
"""

from __future__ import annotations

from collections.abc import Callable

import requests

from erplink.http.errors import ApiError, AuthenticationError, PermanentApiError, TransientApiError
from erplink.systems.qad.qxtend.response import QdocAnswer, SoapFault, UnreadableAnswer, fault_of, parse_document

PERMANENT_FAULTS = ("Client", "VersionMismatch", "MustUnderstand")


class QdocRefused(PermanentApiError):
    """QXI processed the QDoc and answered ``error``."""


def soap_fault_error(response: requests.Response) -> tuple[str | None, str | None]:
    """The RestClient's error parser: (fault code, fault string) of a SOAP fault body, else nothing."""
    try:
        fault = fault_of(parse_document(response.content))
    except UnreadableAnswer:
        return None, None
    return (fault.code, fault.message) if fault else (None, None)


def fault_error_class(status: int, code: str | None) -> type[ApiError] | None:
    """The error type of a SOAP fault's code; None (the status decides) when the answer is no fault."""
    if not code:
        return None
    if code.startswith("Client.Authentication"):
        return AuthenticationError
    if code.split(".", 1)[0] in PERMANENT_FAULTS:
        return PermanentApiError
    if code.split(".", 1)[0] == "Server":
        return TransientApiError
    return None


def fault_error(fault: SoapFault, *, url: str, status: int) -> ApiError:
    """A fault answered with a status the client took as success (QXI answers faults with HTTP 500 normally)."""
    cls = fault_error_class(status, fault.code) or PermanentApiError
    return cls(system="qad", method="POST", url=url, status=status, code=fault.code, vendor_message=fault.message)


def refused(answer: QdocAnswer, *, url: str, what: str, redact: Callable[[str], str]) -> QdocRefused:
    """The error of a QDoc answered ``error``: QAD's messages, each with its field and context (``redact`` masks
    the connection's secrets in QAD's text, which may quote what it was sent)."""
    messages = "; ".join(m.describe() for m in answer.errors or answer.messages) or "no message given"
    first = (answer.errors or answer.messages or (None,))[0]
    return QdocRefused(
        system="qad",
        method="POST",
        url=url,
        status=200,
        code=(first.number if first else None) or answer.qdoc,
        vendor_message=redact(f"{answer.qdoc} refused {what}: {messages}"),
    )
