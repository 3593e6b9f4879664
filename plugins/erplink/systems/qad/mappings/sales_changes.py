"""What a store change of an order means for its QAD sales order: which of the fields QAD holds changed.

Both versions of the order are compared as QAD would receive them (the sales order mapping's own strings), so a
change that does not reach QAD (the status, refunds, meta data, a price rounded to the same cent) is no change.

- Substantive: the customer, the ship-to address, the lines (item, quantity, price, discount, tax) and the charges.
  QAD must know these: they are applied to an OPEN order, and a person must apply them when QAD no longer
  takes changes (a shipped order).
- Informational: the order number (`customerPo`) and the notes (customer note, coupons). Worth sending to an OPEN
  order; once QAD has shipped it, there is nothing left for them to change.

Refunds are not compared: each one becomes a credit memo of its own. Cancellation is judged by the load target,
which knows the tenant's statuses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from erplink.mappings.references import customer_reference
from erplink.models import Order
from erplink.systems.qad.mappings.sales import sales_order_update_payload

_LINE_FIELDS = ("itemNumber", "quantity", "unitPrice", "discountAmount", "taxAmount")
_CHARGE_FIELDS = ("type", "description", "amount", "taxAmount")
_INFORMATIONAL_FIELDS = ("customerPo", "notes")


@dataclass(frozen=True)
class FieldChange:
    """One field of the QAD sales order with its value as QAD received it and as the store has it now."""

    field: str
    old: str | None
    new: str | None

    def __str__(self) -> str:
        return f"{self.field}: {_shown(self.old)} → {_shown(self.new)}"


@dataclass(frozen=True)
class SalesOrderChanges:
    substantive: tuple[FieldChange, ...] = ()
    informational: tuple[FieldChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.substantive or self.informational)

    def describe(self) -> str:
        """The substantive changes, one after the other ("line item 7 (MUG) quantity: '1' → '2'; ...")."""
        return "; ".join(str(change) for change in self.substantive)


def sales_order_changes(before: Order, after: Order) -> SalesOrderChanges:
    """What changed between the order QAD received (``before``) and the store's order now (``after``)."""
    old, new = _view(before), _view(after)
    substantive = [
        *_compared("customer", {"": old["customer"]}, {"": new["customer"]}),
        *_compared("ship-to", old["shipTo"], new["shipTo"]),
        *_keyed_changes(old["lines"], new["lines"], _LINE_FIELDS),
        *_keyed_changes(old["charges"], new["charges"], _CHARGE_FIELDS),
    ]
    informational = [
        FieldChange(name, old[name], new[name]) for name in _INFORMATIONAL_FIELDS if old[name] != new[name]
    ]
    return SalesOrderChanges(tuple(substantive), tuple(informational))


def _view(order: Order) -> dict[str, Any]:
    """The order as QAD holds it, keyed by the store's line and charge ids (QAD renumbers lines by position)."""
    body = sales_order_update_payload(order, currency=order.currency)
    lines = {
        f"line item {line.line_id}": (line.sku, sent) for line, sent in zip(order.lines, body["lines"], strict=True)
    }
    charges = {
        f"{charge.kind} line {charge.source_id}": (charge.description, sent)
        for charge, sent in zip(order.charges, body["charges"], strict=True)
    }
    return {
        "customer": _customer(order),
        "shipTo": body.get("shipTo") or {},
        "lines": lines,
        "charges": charges,
        **{name: body.get(name) for name in _INFORMATIONAL_FIELDS},
    }


def _customer(order: Order) -> str:
    """Who QAD books the order to, as a person would look them up: the store customer, or the guest's email."""
    customer = order.customer
    reference = customer_reference(order.reference_prefix, order.store, customer)
    if customer.store_customer_id is not None:
        return f"store customer {customer.store_customer_id} ({reference})"
    return f"guest {customer.email} ({reference})"


def _keyed_changes(
    old: Mapping[str, tuple[str, dict[str, Any]]], new: Mapping[str, tuple[str, dict[str, Any]]], fields: Iterable[str]
) -> list[FieldChange]:
    """Changes of lines (or charges) matched by their store id: added, removed, or changed field by field."""
    changes: list[FieldChange] = []
    for key in [*old, *(key for key in new if key not in old)]:
        if key not in new:
            changes.append(FieldChange(f"{key} ({old[key][0]})", _summary(old[key][1], fields), None))
        elif key not in old:
            changes.append(FieldChange(f"{key} ({new[key][0]})", None, _summary(new[key][1], fields)))
        else:
            label = f"{key} ({new[key][0]})"
            changes += _compared(
                label,
                {name: old[key][1].get(name) for name in fields},
                {name: new[key][1].get(name) for name in fields},
            )
    return changes


def _compared(label: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    """Field-by-field changes of two flat documents; an empty field name stands for the label alone."""
    changes = []
    for name in [*old, *(name for name in new if name not in old)]:
        before, after = old.get(name), new.get(name)
        if before != after:
            field = f"{label} {name}" if name else label
            changes.append(
                FieldChange(field, None if before is None else str(before), None if after is None else str(after))
            )
    return changes


def _summary(document: Mapping[str, Any], fields: Iterable[str]) -> str:
    return ", ".join(f"{name} {document[name]}" for name in fields if document.get(name) is not None)


def _shown(value: str | None) -> str:
    return "(none)" if value is None else repr(value)
