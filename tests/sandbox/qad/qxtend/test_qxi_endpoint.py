"""The sandbox's QXI endpoint is as strict as QAD-FACTS §2 allows: what it refuses before processing (SOAP
faults), what it refuses while processing (`error` with the field), what it takes with a warning, and queries
whose rows come in no order and may be cut at MaxRows. It works on the same state the REST routes serve."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree
from sandbox import Sandbox

from erplink.systems.qad.qxtend.envelope import Q, SessionContext
from tests.sandbox.qad.qxtend.conftest import SERVICE, SOAP_HEADERS, fault, query, result, rows


def _order(qad: Sandbox, reference: str, *, sku: str | None = None, customer: str | None = None,
           price: str | None = None) -> etree._Element:
    item = sku or sorted(i["itemNumber"] for i in qad.state.documents("items") if i["status"] == "ACTIVE")[0]
    listed = next(p for p in _prices(qad) if p["itemNumber"] == item)["price"] if sku is None else "10.00"
    code = customer or qad.state.documents("customers")[0]["customerCode"]
    return Q.dsSalesOrder(Q.salesOrder(
        Q.operation("A"), Q.soCust(code), Q.soShip(code), Q.soOrdDate("2026-01-05"), Q.soPo(reference),
        Q.soSite("10-100"), Q.soCurr("USD"),
        Q.salesOrderDetail(Q.operation("A"), Q.line("1"), Q.sodPart(item), Q.sodQtyOrd("2"),
                           Q.sodListPr(price or listed), Q.sodPrice(price or listed)),
    ))  # fmt: skip


def _prices(qad: Sandbox) -> list[dict]:
    with qad.state._locked(None) as store:
        return list(store.price_lists["USD"].values())


def test_a_soap_1_2_envelope_is_a_version_mismatch(client) -> None:
    body = b'<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>'
    response = client.post(SERVICE, content=body, headers=SOAP_HEADERS)
    assert response.status_code == 500 and fault(response)[0] == "soapenv:VersionMismatch"


def test_a_soap_1_2_content_type_and_a_missing_soapaction_are_refused(send, qad) -> None:
    response = send("maintainSalesOrder", _order(qad, "X-1"), headers={"Content-Type": "application/soap+xml"})
    assert response.status_code == 415 and fault(response)[0] == "soapenv:Client"
    response = send("maintainSalesOrder", _order(qad, "X-1"), headers={"Content-Type": "text/xml"})
    assert response.status_code == 500 and "SOAPAction" in fault(response)[1]


def test_an_envelope_without_wsa_to_is_refused(client, context) -> None:
    body = (b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header/><s:Body>'
            b'<q:queryQryItem xmlns:q="urn:schemas-qad-com:xml-services"/></s:Body></s:Envelope>')
    response = client.post(SERVICE, content=body, headers=SOAP_HEADERS)
    assert fault(response) == ("soapenv:Client", "wsa:To is missing from the SOAP header: no receiver to route to")


def test_an_unknown_receiver_a_missing_version_and_an_unknown_qdoc_are_client_faults(send) -> None:
    assert "unknown receiver" in fault(send("queryQryItem", query("QryItem"), receiver="NOPE"))[1]
    assert "version" in fault(send("queryQryItem", query("QryItem"), version=""))[1]
    assert "unknown QDoc" in fault(send("maintainSupplier", Q.dsSupplier()))[1]


def test_wrong_credentials_are_an_authentication_fault_that_does_not_echo_the_password(send) -> None:
    response = send("queryQryItem", query("QryItem"), session=SessionContext("10USA", "erplink", "guess-0001"))
    assert fault(response)[0] == "soapenv:Client.Authentication"
    assert b"guess-0001" not in response.content


def test_a_document_type_declaration_is_not_expanded(client) -> None:
    body = (b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
            b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>'
            b'<a:To xmlns:a="http://www.w3.org/2005/08/addressing">&x;</a:To></s:Header><s:Body/></s:Envelope>')
    response = client.post(SERVICE, content=body, headers=SOAP_HEADERS)
    # Expanded, the entity would be the file's text, quoted back in a "not urn:services-qad-com" fault.
    assert fault(response) == ("soapenv:Client", "wsa:To is missing from the SOAP header: no receiver to route to")


def test_unknown_item_and_customer_are_an_error_naming_the_field_and_nothing_is_stored(send, qad) -> None:
    before = len(qad.state.documents("sales-orders"))
    status, messages = result(send("maintainSalesOrder", _order(qad, "X-2", sku="NO-SUCH", customer="NOBODY")))
    assert status == "error"
    assert {(m["tt_msg_field"], m["tt_msg_desc"]) for m in messages} >= {
        ("soCust", "Customer NOBODY does not exist"), ("sodPart", "Item NO-SUCH does not exist")}
    assert all(m["tt_msg_context"] for m in messages)
    assert len(qad.state.documents("sales-orders")) == before


def test_a_price_away_from_the_price_list_is_taken_with_a_warning(send, qad) -> None:
    status, messages = result(send("maintainSalesOrder", _order(qad, "X-3", price="1.00")))
    assert status == "warning" and [m["tt_msg_field"] for m in messages] == ["sodListPr"]
    assert [o["externalRef"] for o in qad.state.documents("sales-orders")].count("X-3") == 1


def test_an_order_added_over_qxi_is_the_one_the_rest_side_and_the_queries_read(send, qad, client) -> None:
    response = send("maintainSalesOrder", _order(qad, "X-4"))
    [saved] = rows(response, "dsSalesOrder")
    [stored] = [o for o in qad.state.documents("sales-orders") if o["externalRef"] == "X-4"]
    assert saved["soNbr"] == stored["orderNumber"] and stored["status"] == "OPEN"
    found = rows(send("queryQrySalesOrder", query("QrySalesOrder", 'so_po = "x-4"'), version="ERP3_1"),
                 "dsQrySalesOrder")  # fmt: skip
    assert [row["soNbr"] for row in found] == [stored["orderNumber"]], "4GL compares strings without case"


def test_query_rows_come_in_no_fixed_order_and_are_cut_at_max_rows(send, qad) -> None:
    every = len(qad.state.documents("items"))
    orders = {tuple(r["ptPart"] for r in rows(send("queryQryItem", query("QryItem"), version="ERP3_1"), "dsQryItem"))
              for _ in range(5)}  # fmt: skip
    assert len(orders) > 1 and {len(o) for o in orders} == {every}
    assert len(rows(send("queryQryItem", query("QryItem", max_rows=3), version="ERP3_1"), "dsQryItem")) == 3


def test_a_filter_on_a_field_the_profile_does_not_have_is_an_error(send) -> None:
    status, messages = result(send("queryQryItem", query("QryItem", 'pt_nope = "x"'), version="ERP3_1"))
    assert status == "error" and messages[0]["tt_msg_field"] == "Filter"


def test_an_injected_server_fault_answers_the_next_qdoc_only(send, qad) -> None:
    qad.state.inject_qxtend_faults("Server", 1)
    assert fault(send("queryQryItem", query("QryItem"), version="ERP3_1"))[0] == "soapenv:Server"
    assert result(send("queryQryItem", query("QryItem"), version="ERP3_1"))[0] == "success"


def test_stock_rows_carry_on_hand_allocated_and_committed(send, qad) -> None:
    found = rows(send("queryQryInventory", query("QryInventory", 'ld_site = "10-100"'), version="ERP3_1"),
                 "dsQryInventory")  # fmt: skip
    assert found and {r["ldSite"] for r in found} == {"10-100"}
    assert all(Decimal(r["ldQtyOh"]) >= 0 and "ldQtyAll" in r and "ldQtyCom" in r for r in found)


def test_a_lost_answer_commits_the_maintain_qdoc_then_answers_http_500_without_a_soap_envelope(send, qad) -> None:
    """The fault after the write: the order is in QAD, the client gets the container's error page, and only the
    next ``count`` maintain QDocs are affected (queries are answered, the QDoc after them is answered again)."""
    qad.state.lose_qxtend_answers(1)
    assert result(send("queryQryItem", query("QryItem"), version="ERP3_1"))[0] == "success"
    lost = send("maintainSalesOrder", _order(qad, "X-5"))
    assert lost.status_code == 500 and not lost.content.startswith(b"<?xml")
    assert [o["externalRef"] for o in qad.state.documents("sales-orders")].count("X-5") == 1
    assert result(send("maintainSalesOrder", _order(qad, "X-6")))[0] == "success"
