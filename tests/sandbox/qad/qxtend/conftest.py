"""A client of a tenant's QXI endpoint on the QAD sandbox, and the QDocs the tests send it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lxml import etree
from sandbox import Sandbox

from erplink.systems.qad.qxtend.envelope import Q, SessionContext, envelope

SERVICE = "/tenants/acme/qxi/services/QdocWebService"
SOAP_HEADERS = {"Content-Type": 'text/xml;charset="utf-8"', "SOAPAction": '""'}
NS = {"s": "http://schemas.xmlsoap.org/soap/envelope/", "q": "urn:schemas-qad-com:xml-services"}


@pytest.fixture
def client(qad: Sandbox) -> Iterator[TestClient]:
    with TestClient(qad.app) as test_client:
        yield test_client


@pytest.fixture
def context(qad: Sandbox) -> SessionContext:
    credentials = qad.state.credentials()
    return SessionContext(domain="10USA", username=credentials.username, password=credentials.password)


Send = Callable[..., Any]


@pytest.fixture
def send(client: TestClient, context: SessionContext) -> Send:
    """POST one QDoc (``receiver``, ``version``, ``context`` and headers overridable); returns the response."""

    def post(qdoc: str, dataset: etree._Element, *, receiver: str = "QADERP", version: str = "ERP3_2",
             session: SessionContext | None = None, headers: dict[str, str] | None = None) -> Any:
        body = envelope(receiver=receiver, qdoc=qdoc, version=version, context=session or context, dataset=dataset)
        return client.post(SERVICE, content=body, headers=headers or SOAP_HEADERS)

    return post


def fault(response: Any) -> tuple[str, str]:
    root = etree.fromstring(response.content)
    return root.findtext(".//faultcode", namespaces=NS) or "", root.findtext(".//faultstring", namespaces=NS) or ""


def result(response: Any) -> tuple[str, list[dict[str, str]]]:
    """The answer's result and its temp_err_msg rows ({local name: text})."""
    root = etree.fromstring(response.content)
    messages = [{etree.QName(c).localname: c.text or "" for c in row}
                for row in root.iterfind(".//q:dsExceptions/q:temp_err_msg", NS)]  # fmt: skip
    return root.findtext(".//q:result", namespaces=NS) or "", messages


def rows(response: Any, dataset: str) -> list[dict[str, str]]:
    root = etree.fromstring(response.content)
    return [{etree.QName(c).localname: c.text or "" for c in row} for row in root.iterfind(f".//q:{dataset}/*", NS)]


def query(profile: str, where: str = "", max_rows: int = 1000) -> etree._Element:
    return Q.dsQueryServiceRequest(Q.QueryServiceRequest(
        Q.SourceApplication("QAD"), Q.Profile(profile), Q.Filter(where), Q.MaxRows(str(max_rows))))
