"""Sending one QDoc through the shared REST client: the same call counts, retries, timeouts and redaction as REST.

``POST {base}/<qxi-webapp>/services/QdocWebService`` with ``Content-Type: text/xml;charset="utf-8"`` and an empty
``SOAPAction`` (QAD-FACTS §2). A ``warning`` answer is a success: its messages are logged and kept in the answer.
"""

from __future__ import annotations

import logging

from lxml import etree

from erplink.http.client import RestClient
from erplink.http.errors import AmbiguousWriteError, TransientApiError
from erplink.systems.qad.qxtend.envelope import SessionContext, envelope
from erplink.systems.qad.qxtend.faults import fault_error, refused
from erplink.systems.qad.qxtend.response import QdocAnswer, UnreadableAnswer, fault_of, parse_document, read_answer

SERVICE_PATH = "services/QdocWebService"
HEADERS = {"Content-Type": 'text/xml;charset="utf-8"', "SOAPAction": '""', "Accept": "text/xml"}

log = logging.getLogger(__name__)


class QdocTransport:
    def __init__(self, client: RestClient, *, webapp: str, receiver: str, context: SessionContext) -> None:
        self._client = client
        self.path = f"{webapp.strip('/')}/{SERVICE_PATH}"
        self._receiver = receiver
        self._context = context

    def send(
        self, qdoc: str, version: str, dataset: etree._Element, *, what: str, idempotent: bool = False
    ) -> QdocAnswer:
        """Send ``<qdoc>`` with ``dataset``; the answer when QXI took it (success or warning), else the error.

        ``what`` names the document in errors and logs (e.g. ``sales order for WC-demo-1042``). A query is
        ``idempotent``; a maintain QDoc is not: an answer lost after sending is an ``AmbiguousWriteError``.
        """
        body = envelope(receiver=self._receiver, qdoc=qdoc, version=version, context=self._context, dataset=dataset)
        response = self._client.request(
            "POST", self.path, data=body, headers=HEADERS, endpoint=f"POST QdocWebService {qdoc}", idempotent=idempotent
        )
        url = f"{self._client.redact(response.url)} {qdoc}"
        try:
            root = parse_document(response.content)
            fault = fault_of(root)
            if fault is not None:
                raise fault_error(fault, url=url, status=response.status_code)
            answer = read_answer(root)
        except UnreadableAnswer as exc:
            cls = TransientApiError if idempotent else AmbiguousWriteError
            raise cls(system="qad", method="POST", url=url, status=response.status_code, reason=str(exc)) from None
        if answer.result == "error":
            raise refused(answer, url=url, what=what, redact=self._client.redact)
        if answer.result == "warning":
            log.warning(
                "QAD %s took %s with warnings: %s",
                qdoc,
                what,
                self._client.redact("; ".join(m.describe() for m in answer.messages) or "none given"),
            )
        return answer
