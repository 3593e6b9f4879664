"""The password travels in every QDoc's body: it never reaches a log line or an exception's text."""

from __future__ import annotations

import logging

import pytest
from fastapi import FastAPI, Request, Response

from erplink.systems.qad.hooks.qad_qxtend import QadQxtendHook
from erplink.systems.qad.qxtend.faults import QdocRefused
from tests.erplink.hooks.fakes import NO_RETRY, use_connection
from tests.support.asgi_session import asgi_session

PASSWORD = "qxi-pa55word-7781"
SERVICE = "/qxi/services/QdocWebService"


def _answer(result: str, description: str) -> str:
    return f"""<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
<ns:queryQryItemResponse xmlns:ns="urn:schemas-qad-com:xml-services"><ns:result>{result}</ns:result>
<ns:dsSessionContext><ns:ttContext><ns:propertyName>password</ns:propertyName>
<ns:propertyValue>{PASSWORD}</ns:propertyValue></ns:ttContext></ns:dsSessionContext>
<ns:dsExceptions><ns:temp_err_msg><ns:tt_msg_desc>{description}</ns:tt_msg_desc><ns:tt_msg_sev>{result}</ns:tt_msg_sev>
</ns:temp_err_msg></ns:dsExceptions><ns:dsQryItem/></ns:queryQryItemResponse></soapenv:Body></soapenv:Envelope>"""


def _hook(monkeypatch, answer: str) -> tuple[QadQxtendHook, list[bytes]]:
    """A hook on a QXI stand-in that always gives ``answer``; the bodies it received go to the list."""
    use_connection(monkeypatch, QadQxtendHook, conn_type="qad_qxtend", host="http://qxi.test", login="mfg",
                   password=PASSWORD, extra={"domain": "10USA"})  # fmt: skip
    received: list[bytes] = []
    app = FastAPI()

    @app.post(SERVICE)
    async def service(request: Request) -> Response:
        received.append(await request.body())
        return Response(answer, media_type="text/xml")

    return QadQxtendHook(qad_qxtend_conn_id="under_test", session=asgi_session(app), retry=NO_RETRY), received


def test_the_password_is_sent_in_the_body_but_masked_in_a_refusal_that_quotes_it(monkeypatch, caplog) -> None:
    hook, received = _hook(monkeypatch, _answer("error", f"user mfg password {PASSWORD} has no access to menu 1.4.3"))
    with caplog.at_level(logging.DEBUG), pytest.raises(QdocRefused) as refused:
        list(hook.iter("items"))
    [sent] = received
    assert PASSWORD.encode() in sent
    assert "has no access to menu 1.4.3" in str(refused.value)
    assert PASSWORD not in str(refused.value) and PASSWORD not in repr(refused.value.__dict__)
    assert PASSWORD not in caplog.text


def test_the_password_is_masked_in_a_logged_warning_that_quotes_it(monkeypatch, caplog) -> None:
    hook, _ = _hook(monkeypatch, _answer("warning", f"password {PASSWORD} expires in 3 days"))
    with caplog.at_level(logging.DEBUG):
        assert list(hook.iter("items")) == []
    assert "expires in 3 days" in caplog.text and PASSWORD not in caplog.text
