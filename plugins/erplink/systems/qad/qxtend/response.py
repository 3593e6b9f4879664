"""Reading a QXI answer: a parser that resolves no entity and fetches nothing, the SOAP fault or the QDoc result.

A ``<maintainXResponse>`` carries ``result`` (success | warning | error), the echoed session context (with the
password in it: nothing here keeps it) and ``dsExceptions/temp_err_msg`` rows; what else it carries is the data
set the QDoc answers with. Names are matched by local name: the namespaces are QAD's, the shape is what counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from erplink.systems.qad.qxtend.envelope import SOAP_ENV


def safe_parser() -> etree.XMLParser:
    """A parser that expands no entity, loads no DTD and fetches nothing. A new one per document: lxml parsers
    must not be shared between threads, and the loads post from several."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


RESULTS = ("success", "warning", "error")
MESSAGE_FIELDS = (
    "tt_msg_nbr",
    "tt_msg_desc",
    "tt_msg_sev",
    "tt_msg_field",
    "tt_msg_context",
    "tt_msg_data",
    "tt_msg_keys",
    "tt_msg_index",
    "tt_level",
)


class UnreadableAnswer(ValueError):
    """The body is not a SOAP envelope erplink can read."""


@dataclass(frozen=True)
class SoapFault:
    code: str  # without its prefix: Client, Server, VersionMismatch, MustUnderstand (or a dotted subcode)
    message: str


@dataclass(frozen=True)
class QdocMessage:
    """One ``temp_err_msg`` row."""

    number: str = ""
    description: str = ""
    severity: str = ""
    field: str = ""
    context: str = ""

    def describe(self) -> str:
        where = ", ".join(part for part in (f"field {self.field}" if self.field else "", self.context) if part)
        number = f"[{self.number}] " if self.number else ""
        return f"{number}{self.description}" + (f" ({where})" if where else "")


@dataclass(frozen=True)
class QdocAnswer:
    qdoc: str
    result: str
    messages: tuple[QdocMessage, ...] = ()
    datasets: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    """Every other ``ds...`` element of the answer: its rows, each a flat {field: text}."""

    def rows(self, dataset: str) -> list[dict[str, str]]:
        return self.datasets.get(dataset, [])

    @property
    def errors(self) -> tuple[QdocMessage, ...]:
        return tuple(m for m in self.messages if m.severity.lower() not in ("warning", "information", "2", "3"))


def local(element: etree._Element) -> str:
    return etree.QName(element).localname


def parse_document(content: bytes) -> etree._Element:
    try:
        root = etree.fromstring(content, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise UnreadableAnswer(f"not XML: {exc.msg}") from None
    if root.tag != f"{{{SOAP_ENV}}}Envelope":
        raise UnreadableAnswer(f"not a SOAP 1.1 envelope (root {root.tag})")
    return root


def _body_child(root: etree._Element) -> etree._Element:
    body = root.find(f"{{{SOAP_ENV}}}Body")
    children = [] if body is None else [c for c in body if isinstance(c.tag, str)]
    if len(children) != 1:
        raise UnreadableAnswer("the SOAP Body does not hold exactly one element")
    return children[0]


def fault_of(root: etree._Element) -> SoapFault | None:
    child = _body_child(root)
    if child.tag != f"{{{SOAP_ENV}}}Fault":
        return None
    code = (child.findtext("faultcode") or "").strip()
    return SoapFault(code=code.rpartition(":")[2], message=(child.findtext("faultstring") or "").strip())


def _flat(row: etree._Element) -> dict[str, str]:
    return {local(c): (c.text or "").strip() for c in row if isinstance(c.tag, str) and len(c) == 0}


def read_answer(root: etree._Element) -> QdocAnswer:
    """The QDoc answer of an envelope that is not a fault."""
    answer = _body_child(root)
    name = local(answer)
    result, messages, datasets = "", [], {}
    for child in answer:
        if not isinstance(child.tag, str):
            continue
        tag = local(child)
        if tag == "result":
            result = (child.text or "").strip().lower()
        elif tag == "dsExceptions":
            for row in child:
                if isinstance(row.tag, str):
                    values = _flat(row)
                    messages.append(
                        QdocMessage(
                            number=values.get("tt_msg_nbr", ""),
                            description=values.get("tt_msg_desc", ""),
                            severity=values.get("tt_msg_sev", ""),
                            field=values.get("tt_msg_field", ""),
                            context=values.get("tt_msg_context", ""),
                        )
                    )
        elif tag.startswith("ds") and tag != "dsSessionContext":
            datasets[tag] = [_flat(row) for row in child if isinstance(row.tag, str)]
    if result not in RESULTS:
        raise UnreadableAnswer(f"{name} has no result success | warning | error (got {result!r})")
    return QdocAnswer(qdoc=name.removesuffix("Response"), result=result, messages=tuple(messages), datasets=datasets)
