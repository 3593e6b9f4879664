"""A receiver that answers a maintain QDoc without its data set (no ``soNbr``): the order is found by its reference,
and when it cannot be found yet the write is ambiguous (looked up before any resend), never taken as not made."""

from __future__ import annotations

import pytest
from fastapi import FastAPI, Request, Response

from erplink.http.errors import AmbiguousWriteError
from erplink.systems.qad.hooks.qad_qxtend import QadQxtendHook
from tests.erplink.hooks.fakes import NO_RETRY, use_connection
from tests.support.asgi_session import asgi_session

SERVICE = "/qxi/services/QdocWebService"
ENVELOPE = ('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
            '<q:{qdoc}Response xmlns:q="urn:schemas-qad-com:xml-services"><q:result>success</q:result>{data}'
            "</q:{qdoc}Response></s:Body></s:Envelope>")  # fmt: skip
ORDER = {"externalRef": "WC-s-1", "customerCode": "C1", "site": "10-100", "currency": "USD",
         "orderDate": "2026-01-05T10:00:00Z", "lines": [{"line": 1, "itemNumber": "A", "quantity": "1",
                                                         "unitPrice": "2.00", "discountAmount": "0.00"}]}  # fmt: skip


def _hook(monkeypatch, found_rows: str) -> QadQxtendHook:
    use_connection(monkeypatch, QadQxtendHook, conn_type="qad_qxtend", host="http://qxi.test", login="mfg",
                   password="pw-123456", extra={"domain": "10USA"})  # fmt: skip
    app = FastAPI()

    @app.post(SERVICE)
    async def service(request: Request) -> Response:
        body = (await request.body()).decode()
        if "maintainSalesOrder" in body:
            return Response(ENVELOPE.format(qdoc="maintainSalesOrder", data=""), media_type="text/xml")
        return Response(ENVELOPE.format(qdoc="queryQrySalesOrder", data=found_rows), media_type="text/xml")

    return QadQxtendHook(qad_qxtend_conn_id="under_test", session=asgi_session(app), retry=NO_RETRY)


def test_an_order_answered_without_its_number_is_found_by_its_reference(monkeypatch) -> None:
    row = "<q:dsQrySalesOrder><q:QrySalesOrder><q:soNbr>SO77</q:soNbr><q:soPo>WC-s-1</q:soPo></q:QrySalesOrder></q:dsQrySalesOrder>"
    assert _hook(monkeypatch, row).create("sales-orders", ORDER)["orderNumber"] == "SO77"


def test_an_order_answered_without_its_number_and_not_found_yet_is_an_ambiguous_write(monkeypatch) -> None:
    with pytest.raises(AmbiguousWriteError, match="names no number"):
        _hook(monkeypatch, "<q:dsQrySalesOrder/>").create("sales-orders", ORDER)
