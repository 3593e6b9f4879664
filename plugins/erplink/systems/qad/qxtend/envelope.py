"""A QXI request: SOAP 1.1 envelope, WS-Addressing header, ``<maintainX>`` with the session context, then the data set.

Built with lxml elements, never text templates, so a value (a customer name with ``<`` or ``&``) can never
change the document's structure.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial

from lxml import etree
from lxml.builder import ElementMaker  # type: ignore[import-not-found]  # lxml-stubs has no lxml.builder

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
WSA = "http://www.w3.org/2005/08/addressing"
QDOC = "urn:schemas-qad-com:xml-services"
QCOM = "urn:schemas-qad-com:xml-services:common"
NSMAP = {"soapenv": SOAP_ENV, "wsa": WSA, "qdoc": QDOC, "qcom": QCOM}
RECEIVER_URN = "urn:services-qad-com:"


class Maker:
    """``lxml.builder.ElementMaker`` of one namespace, typed: ``Q.soNbr("SO1")`` or ``Q("soNbr", "SO1")``."""

    def __init__(self, namespace: str) -> None:
        self._maker = ElementMaker(namespace=namespace, nsmap=NSMAP)

    def __call__(self, tag: str, *children: etree._Element | str) -> etree._Element:
        element: etree._Element = self._maker(tag, *children)
        return element

    def __getattr__(self, tag: str) -> Callable[..., etree._Element]:
        return partial(self, tag)


SOAP = Maker(SOAP_ENV)
ADDRESSING = Maker(WSA)
COMMON = Maker(QCOM)
Q = Maker(QDOC)
"""Elements of the QDoc body (``Q.soNbr("SO1")``)."""


@dataclass(frozen=True)
class SessionContext:
    """The ``ttContext`` rows of ``dsSessionContext``. ``version`` is mandatory to QXI; the credentials travel here
    (``repr`` never shows the password)."""

    domain: str
    username: str
    password: str = field(repr=False)
    scope_transaction: bool = True
    extra: Mapping[str, str] = field(default_factory=dict)

    def rows(self, version: str) -> list[tuple[str, str]]:
        return [
            ("domain", self.domain),
            ("scopeTransaction", "true" if self.scope_transaction else "false"),
            ("version", version),
            ("mnemonicsRaw", "false"),
            ("username", self.username),
            ("password", self.password),
            *self.extra.items(),
        ]


def session_context(context: SessionContext, version: str) -> etree._Element:
    return COMMON.dsSessionContext(
        *(
            COMMON.ttContext(COMMON.propertyQualifier("QAD"), COMMON.propertyName(name), COMMON.propertyValue(value))
            for name, value in context.rows(version)
        )
    )


def envelope(
    *,
    receiver: str,
    qdoc: str,
    version: str,
    context: SessionContext,
    dataset: etree._Element,
    suppress_response_detail: bool = False,
    message_id: str | None = None,
) -> bytes:
    """The request document, UTF-8 with its XML declaration."""
    header = SOAP.Header(
        ADDRESSING.Action(),
        ADDRESSING.To(RECEIVER_URN + receiver),
        ADDRESSING.MessageID(message_id or f"urn:services-qad-com::{receiver}:{uuid.uuid4()}"),
        ADDRESSING.ReferenceParameters(COMMON.suppressResponseDetail("true" if suppress_response_detail else "false")),
        ADDRESSING.ReplyTo(ADDRESSING.Address(RECEIVER_URN)),
    )
    body = SOAP.Body(Q(qdoc, session_context(context, version), dataset))
    document: bytes = etree.tostring(SOAP.Envelope(header, body), xml_declaration=True, encoding="utf-8")
    return document


def text_element(name: str, value: object) -> etree._Element:
    """``<qdoc:name>value</qdoc:name>``; booleans as QAD's ``true`` / ``false``."""
    if isinstance(value, bool):
        value = "true" if value else "false"
    return Q(name, str(value))
