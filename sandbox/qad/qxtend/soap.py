"""SOAP 1.1 as QXI reads and writes it: a strict parse of the request, faults, and `<maintainXResponse>` answers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from lxml import etree
from lxml.builder import ElementMaker  # type: ignore[import-not-found]

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
WSA = "http://www.w3.org/2005/08/addressing"
QDOC = "urn:schemas-qad-com:xml-services"
QCOM = "urn:schemas-qad-com:xml-services:common"
NSMAP = {"soapenv": SOAP11, "wsa": WSA, "qdoc": QDOC, "qcom": QCOM}
RECEIVER_URN = "urn:services-qad-com:"

SOAP = ElementMaker(namespace=SOAP11, nsmap=NSMAP)
Q = ElementMaker(namespace=QDOC, nsmap=NSMAP)
C = ElementMaker(namespace=QCOM, nsmap=NSMAP)
A = ElementMaker(namespace=WSA, nsmap=NSMAP)


def _parser() -> etree.XMLParser:
    """Expands no entity, loads no DTD, fetches nothing; one per request (lxml parsers are not shared by threads)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class Fault(Exception):
    """A pre-processing error, answered as a SOAP 1.1 Fault with HTTP 500 (`status` for the few that differ)."""

    def __init__(self, code: str, message: str, status: int = 500) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass
class Message:
    """One `temp_err_msg` row."""

    description: str
    field: str = ""
    context: str = ""
    severity: str = "error"
    number: str = ""


@dataclass
class Request:
    receiver: str
    message_id: str
    qdoc: str
    context: dict[str, str]
    context_element: etree._Element
    dataset: etree._Element | None
    messages: list[Message] = field(default_factory=list)


def local(element: etree._Element) -> str:
    return etree.QName(element).localname


def children(element: etree._Element) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str)]


def values(element: etree._Element) -> dict[str, str]:
    """The leaf children of an element as {local name: text}."""
    return {local(c): (c.text or "").strip() for c in children(element) if not children(c)}


def parse(content: bytes) -> Request:
    """The request, or the Fault QXI answers before processing anything."""
    try:
        root = etree.fromstring(content, _parser())
    except etree.XMLSyntaxError as exc:
        raise Fault("Client", f"the request is not well-formed XML: {exc.msg}") from None
    if root.tag == f"{{{SOAP12}}}Envelope":
        raise Fault("VersionMismatch", "SOAP 1.2 envelopes are not accepted: QXI speaks SOAP 1.1")
    if root.tag != f"{{{SOAP11}}}Envelope":
        raise Fault("VersionMismatch", f"not a SOAP 1.1 envelope: {root.tag}")
    header, body = root.find(f"{{{SOAP11}}}Header"), root.find(f"{{{SOAP11}}}Body")
    to = header.findtext(f"{{{WSA}}}To") if header is not None else None
    if not to:
        raise Fault("Client", "wsa:To is missing from the SOAP header: no receiver to route to")
    if not to.startswith(RECEIVER_URN):
        raise Fault("Client", f"wsa:To {to} is not urn:services-qad-com:<receiver>")
    message_id = (header.findtext(f"{{{WSA}}}MessageID") if header is not None else None) or ""
    qdocs = children(body) if body is not None else []
    if len(qdocs) != 1 or etree.QName(qdocs[0]).namespace != QDOC:
        raise Fault("Client", "the SOAP Body must hold exactly one QDoc in urn:schemas-qad-com:xml-services")
    qdoc = qdocs[0]
    parts = children(qdoc)
    context_element = parts[0] if parts and local(parts[0]) == "dsSessionContext" else None
    if context_element is None or etree.QName(context_element).namespace != QCOM:
        raise Fault("Client", f"{local(qdoc)} must start with qcom:dsSessionContext")
    context: dict[str, str] = {}
    for row in children(context_element):
        row_values = values(row)
        if row_values.get("propertyQualifier") == "QAD" and row_values.get("propertyName"):
            context[row_values["propertyName"]] = row_values.get("propertyValue", "")
    datasets = parts[1:]
    return Request(
        receiver=to[len(RECEIVER_URN) :], message_id=message_id, qdoc=local(qdoc), context=context,
        context_element=context_element, dataset=datasets[0] if datasets else None,
    )  # fmt: skip


def _envelope(body_child: etree._Element, header: Iterable[etree._Element] = ()) -> bytes:
    document: bytes = etree.tostring(SOAP.Envelope(SOAP.Header(*header), SOAP.Body(body_child)),
                                     xml_declaration=True, encoding="utf-8")  # fmt: skip
    return document


def fault_document(fault: Fault) -> bytes:
    element = etree.Element(f"{{{SOAP11}}}Fault", nsmap=NSMAP)
    etree.SubElement(element, "faultcode").text = f"soapenv:{fault.code}"
    etree.SubElement(element, "faultstring").text = fault.message
    return _envelope(element)


def _message_row(message: Message, index: int) -> etree._Element:
    return Q.temp_err_msg(
        Q.tt_msg_nbr(message.number), Q.tt_msg_desc(message.description), Q.tt_msg_sev(message.severity),
        Q.tt_msg_field(message.field), Q.tt_msg_context(message.context), Q.tt_msg_data(""), Q.tt_msg_keys(""),
        Q.tt_msg_index(str(index)), Q.tt_level("1"),
    )  # fmt: skip


def answer(request: Request, result: str, datasets: Sequence[etree._Element] = ()) -> bytes:
    """`<maintainXResponse>`: the result, the session context echoed as QXI echoes it (password and all), the
    messages, then the data sets."""
    response = Q(f"{request.qdoc}Response", Q.result(result), request.context_element,
                 Q.dsExceptions(*(_message_row(m, i) for i, m in enumerate(request.messages, start=1))),
                 *datasets)  # fmt: skip
    header = [A.RelatesTo(request.message_id), A.To(RECEIVER_URN)]
    return _envelope(response, header)


def rows_dataset(name: str, row_name: str, rows: Iterable[dict[str, str]]) -> etree._Element:
    return Q(name, *(Q(row_name, *(Q(key, value) for key, value in row.items())) for row in rows))
