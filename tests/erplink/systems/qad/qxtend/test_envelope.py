"""A QXI request as QAD-FACTS §2 describes it: SOAP 1.1, WS-Addressing header, session context, then the data set."""

from __future__ import annotations

from lxml import etree

from erplink.systems.qad.qxtend.envelope import QCOM, QDOC, SOAP_ENV, WSA, Q, SessionContext, envelope

CONTEXT = SessionContext(domain="10USA", username="mfg", password="pw-s3cret-42")


def _document() -> etree._Element:
    body = envelope(receiver="QADERP", qdoc="maintainSalesOrder", version="ERP3_2", context=CONTEXT,
                    dataset=Q.dsSalesOrder(Q.salesOrder(Q.soRmks("a <b> & c"))), message_id="urn:x")  # fmt: skip
    return etree.fromstring(body)


def test_the_envelope_is_soap_1_1_with_the_addressing_header_qxi_routes_by() -> None:
    root = _document()
    assert root.tag == f"{{{SOAP_ENV}}}Envelope"
    header = root.find(f"{{{SOAP_ENV}}}Header")
    assert header.findtext(f"{{{WSA}}}To") == "urn:services-qad-com:QADERP"
    assert header.findtext(f"{{{WSA}}}MessageID") == "urn:x"
    assert header.findtext(f"{{{WSA}}}ReplyTo/{{{WSA}}}Address") == "urn:services-qad-com:"
    assert header.findtext(f"{{{WSA}}}ReferenceParameters/{{{QCOM}}}suppressResponseDetail") == "false"


def test_the_qdoc_starts_with_the_session_context_whose_version_is_set_then_holds_the_data_set() -> None:
    [qdoc] = root_body = list(_document().find(f"{{{SOAP_ENV}}}Body"))
    assert root_body and qdoc.tag == f"{{{QDOC}}}maintainSalesOrder"
    context, dataset = list(qdoc)
    assert context.tag == f"{{{QCOM}}}dsSessionContext" and dataset.tag == f"{{{QDOC}}}dsSalesOrder"
    rows = {row.findtext(f"{{{QCOM}}}propertyName"): row.findtext(f"{{{QCOM}}}propertyValue") for row in context}
    assert {row.findtext(f"{{{QCOM}}}propertyQualifier") for row in context} == {"QAD"}
    assert (rows["version"], rows["domain"], rows["username"], rows["scopeTransaction"]) == ("ERP3_2", "10USA", "mfg",
                                                                                             "true")  # fmt: skip


def test_a_value_with_markup_stays_a_value() -> None:
    assert _document().findtext(f".//{{{QDOC}}}soRmks") == "a <b> & c"


def test_every_message_has_its_own_id_and_the_context_never_shows_the_password() -> None:
    first = envelope(receiver="R", qdoc="q", version="v", context=CONTEXT, dataset=Q.ds())
    second = envelope(receiver="R", qdoc="q", version="v", context=CONTEXT, dataset=Q.ds())
    ids = {etree.fromstring(doc).findtext(f".//{{{WSA}}}MessageID") for doc in (first, second)}
    assert len(ids) == 2
    assert "pw-s3cret-42" not in repr(CONTEXT)
