"""A sales order through QAD's REST: the header, then its lines through the stateful line flow.

Creating: POST the header (``C``); for each line, GET a new line (``initialize=true``), set its number, send
each field QAD does not already hold at the wanted value through ``fieldChange`` (in QAD's order, keeping the
line QAD answers each time); then save all lines in one grid POST. The
header and the grid are two writes: a run that stops between them leaves a header without lines, which the
look-up by reference reports as unfinished so that the next attempt completes it instead of creating another.

Changing: re-read the header for its ``concurrencyHash``, POST it back (``U``); bring the lines in line (``U``
with their own hash, ``D``, ``C`` through the flow). A hash gone stale between the read and the write (someone
saved the order in between) is read again once. Only an ``OPEN`` order takes changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from erplink.http.errors import NotFoundError, PermanentApiError
from erplink.systems.qad.business_documents import BusinessDocuments, SubmitRefused
from erplink.systems.qad.mappings.qad_records import LINE_FLOW_FIELDS, header_values, line_values, new_header, qad_date

HEADERS = "salesOrderHeaders"
GRID = "salesOrderLinesGrid"
FIELD_CHANGE = "salesOrderLineFieldChange"
LINES = "salesOrderLines"
ORDER_NOT_OPEN = "ORDER_NOT_OPEN"


class OrderNotOpen(PermanentApiError):
    """The order is shipped, invoiced, closed or cancelled in QAD, or QAD refused the change: 409 in erplink's terms."""


def _is_date(value: Any) -> bool:
    text = str(value or "")
    return len(text) >= 10 and text[4] == "-" and text[7] == "-"


def _same(current: Any, wanted: Any) -> bool:
    """Whether QAD's value already is the wanted one: numbers by value, dates by day, the rest as they are."""
    if _is_date(current) and _is_date(wanted):
        return str(current)[:10] == str(wanted)[:10]
    try:
        return Decimal(str(current)) == Decimal(str(wanted))
    except (InvalidOperation, ValueError):
        return bool(current == wanted)


class SalesOrderFlow:
    def __init__(self, documents: BusinessDocuments, domain: str) -> None:
        self._documents = documents
        self._domain = domain

    # reads ---------------------------------------------------------------------------------------------------

    def header(self, number: str) -> dict[str, Any] | None:
        found = self._documents.read(HEADERS, domainCode=self._domain, salesOrderNumber=number)
        return found[0] if found else None

    def lines(self, number: str) -> list[dict[str, Any]]:
        return self._documents.read(GRID, LINES, domainCode=self._domain, salesOrderNumber=number)

    # writes --------------------------------------------------------------------------------------------------

    def create(self, order: Mapping[str, Any], *, unfinished: str | None = None) -> str:
        """The number of the new order; ``unfinished`` names a header already created without lines."""
        number = unfinished
        if number is None:
            [saved] = self._documents.submit(HEADERS, [new_header(order, self._domain)])
            number = str(saved["salesOrderNumber"])
        self._save_lines(number, order["lines"], site=order["site"], due_date=qad_date(order["orderDate"]), existing=[])
        return number

    def update(self, number: str, changes: Mapping[str, Any]) -> None:
        header = self._open_header(number)
        self._save_header(number, header, header_values(changes))
        site, due = header.get("siteCode"), header.get("dueDate") or header.get("orderDate")
        if "lines" in changes:
            self._refused_as_conflict(
                number,
                lambda: self._save_lines(
                    number, changes["lines"], site=site, due_date=due, existing=self.lines(number)
                ),
            )

    def cancel(self, number: str) -> None:
        header = self._open_header(number)
        self._save_header(number, header, {"orderStatus": "CANCELLED"})

    # the steps -----------------------------------------------------------------------------------------------

    def _open_header(self, number: str) -> dict[str, Any]:
        header = self.header(number)
        if header is None:
            raise NotFoundError(system="qad", method="GET", url=HEADERS, status=404, reason=f"sales order {number}")
        if (header.get("orderStatus") or "OPEN") != "OPEN":
            raise self._not_open(number, f"sales order {number} is {header.get('orderStatus')}, not OPEN")
        return header

    def _save_header(self, number: str, header: dict[str, Any], values: Mapping[str, Any]) -> None:
        def send(current: dict[str, Any]) -> None:
            self._documents.submit(HEADERS, [{**current, **values, "dataOperation": "U"}])

        try:
            send(header)
        except SubmitRefused as refusal:
            if "concurrencyHash" not in refusal.fields:
                raise self._not_open(number, refusal.vendor_message or "refused") from refusal
            send(self._open_header(number))  # saved by someone else meanwhile: read it again, once

    def _refused_as_conflict(self, number: str, step: Any) -> None:
        try:
            step()
        except SubmitRefused as refusal:
            raise self._not_open(number, refusal.vendor_message or "refused") from refusal

    def _not_open(self, number: str, message: str) -> OrderNotOpen:
        return OrderNotOpen(system="qad", method="POST", url=HEADERS, status=409, code=ORDER_NOT_OPEN,
                            vendor_message=message)  # fmt: skip

    def _initialized(self, number: str) -> dict[str, Any]:
        [line] = self._documents.read(GRID, LINES, initialize="true", domainCode=self._domain, salesOrderNumber=number)
        return line

    def _field_change(self, line: dict[str, Any], field: str, value: Any, operation: str) -> dict[str, Any]:
        [changed] = self._documents.submit(
            FIELD_CHANGE, [{**line, field: value}], LINES,
            params={"fieldName": field, "dataOperation": operation}, idempotent=True,
        )  # fmt: skip
        return changed

    def _save_lines(
        self, number: str, lines: list[Mapping[str, Any]], *, site: Any, due_date: Any, existing: list[dict[str, Any]]
    ) -> None:
        current_by_number = {int(line["salesOrderLine"]): line for line in existing}
        records, wanted = [], set()
        for line in lines:
            values = line_values(line, site=str(site), due_date=str(due_date))
            line_number = values["salesOrderLine"]
            wanted.add(line_number)
            current = current_by_number.get(line_number)
            record = current or {**self._initialized(number), "salesOrderLine": line_number}
            changed = current is None or not _same(current.get("customDecimal0"), values["customDecimal0"])
            # A field QAD already holds at the wanted value (its default, or what it defaulted from the item)
            # is not sent again; each change is sent in QAD's order, on the line as QAD last answered it.
            for field in LINE_FLOW_FIELDS:
                if not _same(record.get(field), values[field]):
                    record = self._field_change(record, field, values[field], "CREATE" if current is None else "UPDATE")
                    changed = True
            if changed:
                records.append({**record, "customDecimal0": values["customDecimal0"],
                                "dataOperation": "C" if current is None else "U"})  # fmt: skip
        records += [{**line, "dataOperation": "D"} for n, line in current_by_number.items() if n not in wanted]
        if records:
            self._documents.submit(GRID, records, LINES)
