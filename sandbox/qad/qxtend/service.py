"""`POST /qxi/services/QdocWebService` of a tenant: the checks QXI makes before processing, then the QDoc.

Before processing (a SOAP Fault, HTTP 500): the Content-Type must be SOAP 1.1's `text/xml` and a `SOAPAction`
header present; the envelope SOAP 1.1 (else VersionMismatch); `wsa:To` present and naming the tenant's receiver;
`dsSessionContext` first in the QDoc with a `version`, a `domain` that is the tenant's, and the tenant's user and
password (else the fault `Client.Authentication`, the sandbox's assumption); the QDoc one the receiver knows.
A fault injected through the admin routes is answered here too (SOAP `Server` / `Client` faults), and so is a lost
answer: a maintain QDoc committed, then answered with HTTP 500 and the web container's HTML error page, as when the
servlet dies after QAD committed (QXI's own faults come before processing; this one comes after it).
Processing answers `success`, `warning` or `error` with `temp_err_msg` rows; an `error` changes nothing.
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request, Response

from sandbox.qad.qxtend.customers import maintain_customer
from sandbox.qad.qxtend.queries import PROFILES, QUERY_PREFIX, run_query
from sandbox.qad.qxtend.sales_orders import maintain_sales_order
from sandbox.qad.qxtend.soap import Fault, answer, fault_document, parse
from sandbox.qad.qxtend.soap import Request as QdocRequest
from sandbox.qad.records.tenant_scope import Tenant
from sandbox.qad.tenant import TenantStore

QXI_PATH = "/qxi/services/QdocWebService"
RECEIVER = "QADERP"
"""The receiver every tenant's QXI routes QDocs for (`wsa:To urn:services-qad-com:QADERP`)."""
MAINTAIN_QDOCS = ("maintainSalesOrder", "maintainCustomer")
XML = "text/xml; charset=utf-8"

router = APIRouter(include_in_schema=False)


def _fault(fault: Fault) -> Response:
    return Response(fault_document(fault), status_code=fault.status, media_type=XML)


def _checked(tenant: TenantStore, request: Request, body: bytes) -> QdocRequest:
    content_type = request.headers.get("content-type", "")
    if content_type.split(";", 1)[0].strip().lower() != "text/xml":
        version = "SOAP 1.2" if "soap+xml" in content_type else "unknown"
        raise Fault("Client", f"Content-Type {content_type!r} ({version}): QXI takes SOAP 1.1, text/xml", status=415)
    if "soapaction" not in request.headers:
        raise Fault("Client", "the SOAPAction header is missing (SOAP 1.1 over HTTP requires it)")
    qdoc = parse(body)
    if qdoc.receiver != RECEIVER:
        raise Fault("Client", f"unknown receiver {qdoc.receiver!r} in wsa:To")
    context = qdoc.context
    if not context.get("version"):
        raise Fault("Client", "the session context has no version: it is mandatory")
    credentials = tenant.credentials
    user_ok = hmac.compare_digest(context.get("username", "").encode(), credentials.username.encode())
    password_ok = hmac.compare_digest(context.get("password", "").encode(), credentials.password.encode())
    if not (user_ok and password_ok):
        raise Fault("Client.Authentication", "User ID or password is incorrect")
    if context.get("domain") != tenant.domain:
        raise Fault("Client", f"domain {context.get('domain')!r} is not a domain of this QAD instance")
    known = qdoc.qdoc in MAINTAIN_QDOCS or (
        qdoc.qdoc.startswith(QUERY_PREFIX) and qdoc.qdoc[len(QUERY_PREFIX) :] in PROFILES
    )
    if not known:
        raise Fault("Client", f"unknown QDoc {qdoc.qdoc!r} for receiver {RECEIVER}")
    return qdoc


LOST_ANSWER_PAGE = b"<html><head><title>Error 500</title></head><body><h2>HTTP ERROR 500</h2></body></html>"


def _answer_lost(tenant: TenantStore, qdoc: QdocRequest) -> bool:
    if qdoc.qdoc in MAINTAIN_QDOCS and tenant.qxtend_lost_answers > 0:
        tenant.qxtend_lost_answers -= 1
        return True
    return False


def _injected(tenant: TenantStore) -> Fault | None:
    for code in ("Server", "Client"):
        if tenant.qxtend_faults[code] > 0:
            tenant.qxtend_faults[code] -= 1
            return Fault(code, f"injected {code} fault")
    return None


@router.post(QXI_PATH)
async def qdoc_web_service(request: Request, tenant: Tenant) -> Response:
    body = await request.body()
    with tenant.lock:
        try:
            qdoc = _checked(tenant, request, body)
            tenant.request_counts[f"QDoc {qdoc.qdoc}"] += 1
            injected = _injected(tenant)
            if injected is not None:
                raise injected
        except Fault as fault:
            return _fault(fault)
        if qdoc.qdoc == "maintainSalesOrder":
            datasets = maintain_sales_order(tenant, qdoc.dataset, qdoc.messages, qdoc.context["username"])
        elif qdoc.qdoc == "maintainCustomer":
            datasets = maintain_customer(tenant, qdoc.dataset, qdoc.messages)
        else:
            datasets = run_query(tenant, qdoc.qdoc, qdoc.dataset, qdoc.messages)
        if _answer_lost(tenant, qdoc):
            return Response(LOST_ANSWER_PAGE, status_code=500, media_type="text/html")
    severities = {message.severity for message in qdoc.messages}
    result = "error" if "error" in severities else "warning" if "warning" in severities else "success"
    return Response(answer(qdoc, result, datasets if result != "error" else []), media_type=XML)
