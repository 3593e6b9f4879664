"""Reading QXI's answers safely, and what each kind of failure becomes for retries and quarantine."""

from __future__ import annotations

import pytest

from erplink.http.errors import AuthenticationError, PermanentApiError, TransientApiError
from erplink.systems.qad.qxtend.faults import fault_error_class
from erplink.systems.qad.qxtend.response import UnreadableAnswer, fault_of, parse_document, read_answer

ENV = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>{}</soapenv:Body></soapenv:Envelope>'
ANSWER = """<ns:maintainSalesOrderResponse xmlns:ns="urn:schemas-qad-com:xml-services">
<ns:result>{result}</ns:result>
<ns:dsSessionContext><ns:ttContext><ns:propertyName>password</ns:propertyName></ns:ttContext></ns:dsSessionContext>
<ns:dsExceptions><ns:temp_err_msg><ns:tt_msg_nbr>1234</ns:tt_msg_nbr>
<ns:tt_msg_desc>Item X does not exist</ns:tt_msg_desc>
<ns:tt_msg_sev>error</ns:tt_msg_sev><ns:tt_msg_field>sodPart</ns:tt_msg_field>
<ns:tt_msg_context>salesOrderDetail#1 field(sodPart)</ns:tt_msg_context></ns:temp_err_msg></ns:dsExceptions>
<ns:dsSalesOrder><ns:salesOrder><ns:soNbr>SO1</ns:soNbr></ns:salesOrder></ns:dsSalesOrder>
</ns:maintainSalesOrderResponse>"""


def test_an_answer_gives_its_result_messages_and_data_sets_but_not_the_echoed_context() -> None:
    answer = read_answer(parse_document(ENV.format(ANSWER.format(result="error")).encode()))
    assert (answer.qdoc, answer.result) == ("maintainSalesOrder", "error")
    [message] = answer.errors
    assert message.describe() == "[1234] Item X does not exist (field sodPart, salesOrderDetail#1 field(sodPart))"
    assert answer.rows("dsSalesOrder") == [{"soNbr": "SO1"}]
    assert "dsSessionContext" not in answer.datasets


def test_an_answer_without_a_known_result_is_unreadable() -> None:
    with pytest.raises(UnreadableAnswer, match="result"):
        read_answer(parse_document(ENV.format(ANSWER.format(result="done")).encode()))


def test_the_parser_expands_no_entity_and_fetches_nothing() -> None:
    hostile = ('<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd"><!ENTITY y "boom">]>'
               + ENV.format('<a xmlns="urn:schemas-qad-com:xml-services"><result>&x;&y;</result></a>'))
    root = parse_document(hostile.encode())
    text = "".join(root.itertext())
    assert "root:" not in text and "boom" not in text


def test_a_body_that_is_not_soap_1_1_is_unreadable() -> None:
    with pytest.raises(UnreadableAnswer):
        parse_document(b'<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"/>')
    with pytest.raises(UnreadableAnswer):
        parse_document(b"<html>Service unavailable</html")


def test_a_fault_is_read_without_its_prefix() -> None:
    fault = '<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>down</faultstring></soapenv:Fault>'
    found = fault_of(parse_document(ENV.format(fault).encode()))
    assert found is not None and (found.code, found.message) == ("Server", "down")


@pytest.mark.parametrize(("code", "expected"), [
    ("Client", PermanentApiError), ("VersionMismatch", PermanentApiError), ("MustUnderstand", PermanentApiError),
    ("Client.Authentication", AuthenticationError), ("Server", TransientApiError), (None, None),
])  # fmt: skip
def test_client_faults_are_permanent_server_faults_retryable(code: str | None, expected: type | None) -> None:
    assert fault_error_class(500, code) is expected
