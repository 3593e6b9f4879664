"""QAD's business documents and browses over one REST client: reads by key, writes, and browse walks.

A write answers HTTP 200 whether QAD saved it or not: ``submitResult.success`` says which. A refusal becomes
``SubmitRefused``, a permanent error whose message is QAD's own ``fieldName: message`` list, so the record it
was for is held back with QAD's words as the reason.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from erplink.http.client import RestClient
from erplink.http.errors import PermanentApiError
from erplink.paging.base import Record, json_body
from erplink.systems.qad.browse_windows import WindowedBrowseWalk
from erplink.systems.qad.endpoints import QadEndpoints
from erplink.systems.qad.paging import has_more

SUBMIT_REFUSED = "SUBMIT_REFUSED"


class SubmitRefused(PermanentApiError):
    """QAD answered a write with ``submitResult.success: false``; ``fields`` names the fields it refused."""

    fields: tuple[str, ...] = ()


def submit_refusal(client: RestClient, method: str, path: str, answer: Mapping[str, Any]) -> SubmitRefused:
    result = answer.get("submitResult") or {}
    errors = [e for e in (result.get("errors") or []) if isinstance(e, Mapping)]
    described = "; ".join(
        f"{e['fieldName']}: {e.get('message', '')}" if e.get("fieldName") else str(e.get("message", "")) for e in errors
    )
    error = SubmitRefused(
        system=client.system,
        method=method,
        url=client.redact(client.url_for(path)),
        status=200,
        code=SUBMIT_REFUSED,
        vendor_message=client.redact(described or str(answer.get("message") or "refused without a reason")),
    )
    error.fields = tuple(str(e.get("fieldName") or "") for e in errors)
    return error


class BusinessDocuments:
    """Reads and writes ``{base}/api/erp/<entityPlural>`` and walks ``{base}/api/qracore/browses``."""

    def __init__(self, client: RestClient, endpoints: QadEndpoints, *, page_size: int = 200) -> None:
        self.client = client
        self.endpoints = endpoints
        self.page_size = page_size

    def _params(self, entity: str, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
        params = {key: value for key, value in (extra or {}).items() if value is not None}
        view_uri = self.endpoints.view_uris.get(entity)
        return {"viewUri": view_uri, **params} if view_uri else params

    def read(self, entity: str, plural: str | None = None, **keys: Any) -> list[Record]:
        """The records an entity's GET answers for ``keys`` (an empty list when none has them)."""
        answer = (
            self.client.get_json(
                self.endpoints.entity_paths[entity], params=self._params(entity, keys), endpoint=f"GET {entity}"
            )
            or {}
        )
        records = (answer.get("data") or {}).get(plural or entity) or []
        return [record for record in records if isinstance(record, dict)]

    def submit(
        self,
        entity: str,
        records: Sequence[Record],
        plural: str | None = None,
        *,
        params: Mapping[str, Any] | None = None,
        idempotent: bool = False,
    ) -> list[Record]:
        """POST records in QAD's wrapper; the saved records, or ``SubmitRefused``.

        A write is not idempotent; a field change (QAD computing a line's defaults, saving nothing) is.
        """
        path = self.endpoints.entity_paths[entity]
        answer = self.client.send_json(
            "POST", path, params=self._params(entity, params), endpoint=f"POST {entity}", idempotent=idempotent,
            json={"supplementaryMessages": [], plural or entity: list(records)},
        ) or {}  # fmt: skip
        result = answer.get("submitResult")
        if isinstance(result, Mapping) and result.get("success") is False:
            raise submit_refusal(self.client, "POST", path, answer)
        saved = (answer.get("data") or {}).get(plural or entity) or []
        return [record for record in saved if isinstance(record, dict)]

    def browse(self, name: str, filters: Sequence[str] = ()) -> Iterator[Record]:
        """Every row of a browse that passes ``filters`` (made with ``browse_filter``), each once, read in windows
        of its key that each come back whole (``browse_windows.py`` says why a page walk would lose rows)."""
        params: dict[str, Any] = {"browseId": self.endpoints.browse_ids[name]}

        def fetch(window: Sequence[str], page_size: int) -> tuple[list[Record], bool]:
            page = {"page": 1, "pageSize": page_size, "pageAction": "first"}
            response = self.client.request(
                "GET", "api/qracore/browses", params={**params, "filter": list(window), **page},
                endpoint=f"GET browse {name}",
            )  # fmt: skip
            body = json_body(response) or {}
            rows = [row for row in body.get("data") or [] if isinstance(row, dict)]
            return rows, has_more(body)

        walk = WindowedBrowseWalk(
            fetch, lambda window: self.count(name, window), self.endpoints.key_columns(name),
            base_filters=list(filters), page_size=max(self.page_size, 2), label=f"QAD browse {name}",
        )  # fmt: skip
        yield from walk.rows()

    def count(self, name: str, filters: Sequence[str] = ()) -> int | None:
        """The browse's ``totalCount`` for ``filters``; None when the instance refuses to count (a walk then
        halves its windows instead of sizing them)."""
        params: dict[str, Any] = {"browseId": self.endpoints.browse_ids[name]}
        if filters:
            params["filter"] = list(filters)
        try:
            answer = self.client.get_json(
                "api/qracore/browses/totalCount/", params=params, endpoint=f"GET browse {name} totalCount"
            )
        except PermanentApiError:
            return None
        total = answer.get("totalCount") if isinstance(answer, dict) else None
        return int(total) if isinstance(total, int | str) and str(total).isdigit() else None
