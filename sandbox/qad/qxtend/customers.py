"""`maintainCustomer` (`dsCustomer/customer`, operation A): a customer added on the tenant's state.

Confirmed names (QAD-FACTS §2): `cmAddr, adName, adLine1..3, adCity, adState, adZip, adCtry, adPhone, cmCurr`;
assumed: `adEmail` and `cmChr01` (the integration's external reference, the user field cm__chr01).
"""

from __future__ import annotations

from lxml import etree
from pydantic import EmailStr, TypeAdapter, ValidationError

from sandbox.qad.qxtend.checks import Checker
from sandbox.qad.qxtend.soap import Message, Q, children, local, values
from sandbox.qad.records.customers import add_customer
from sandbox.qad.tenant import TenantStore

_EMAIL = TypeAdapter(EmailStr)


def maintain_customer(
    tenant: TenantStore, dataset: etree._Element | None, messages: list[Message]
) -> list[etree._Element]:
    rows = children(dataset) if dataset is not None and local(dataset) == "dsCustomer" else []
    if len(rows) != 1 or local(rows[0]) != "customer":
        messages.append(Message("dsCustomer must hold exactly one customer", "dsCustomer"))
        return []
    fields = values(rows[0])
    check = Checker(messages, "customer#1", f"cmAddr-{fields.get('cmAddr', '')}", fields)
    operation = fields.get("operation", "")
    if operation != "A":
        check.error("operation", f"operation {operation!r}: only A (add) is taken for customers")
        return []
    code = check.text("cmAddr", max_length=8)
    if code and code in tenant.customers:
        check.error("cmAddr", f"Customer {code} already exists")
    name = check.text("adName", required=True, max_length=80)
    currency = check.code("cmCurr", 3)
    country = check.code("adCtry", 2, required=False)
    email = check.text("adEmail")
    if email:
        try:
            _EMAIL.validate_python(email)
        except ValidationError:
            check.error("adEmail", f"{email!r} is not an e-mail address")
    if any(m.severity == "error" for m in messages):
        return []
    address = None
    if fields.get("adLine1") and fields.get("adCity") and country:
        address = {"name": name, "line1": fields["adLine1"], "line2": fields.get("adLine2") or None,
                   "city": fields["adCity"], "state": fields.get("adState") or None,
                   "postalCode": fields.get("adZip") or None, "country": country}  # fmt: skip
    stored = add_customer(tenant, {
        "name": name, "email": email or None, "phone": fields.get("adPhone") or None, "billTo": address,
        "shipTo": address, "currency": currency, "externalRef": fields.get("cmChr01") or None,
    }, code or None)  # fmt: skip
    return [
        Q.dsCustomer(
            Q.customer(Q.cmAddr(stored["customerCode"]), Q.adName(name), Q.cmChr01(stored.get("externalRef") or ""))
        )
    ]
