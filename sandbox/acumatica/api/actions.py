"""`POST /<Entity>/<Action>` and the long operation it starts (`long_operations.py`).

Only `SalesInvoice/ReleaseSalesInvoice` is emulated: 202 with an absolute `Location`
`<instance>/entity/Default/24.200.001/SalesInvoice/ReleaseSalesInvoice/status/<id>`, the form Acumatica's client
parses (`UrlParser.ParseActionLocation`); `GET` of it answers 202 while running, 204 when done, 500 with the
reason when the operation failed.
"""

from __future__ import annotations

from fastapi import Request, Response

from sandbox.acumatica.api.access import Principal
from sandbox.acumatica.api.bodies import require_json
from sandbox.acumatica.binding import bind
from sandbox.acumatica.contract import ENDPOINT_NAME, ENDPOINT_VERSION, actions
from sandbox.acumatica.entities import Behaviour
from sandbox.acumatica.entities.sales_invoice import release
from sandbox.acumatica.errors import invalid_request, no_entity, not_emulated, server_error
from sandbox.acumatica.instance import Instance
from sandbox.acumatica.wire import read_json

RELEASE_ACTION = "ReleaseSalesInvoice"
STATUS_SEGMENT = "status"


def is_status_path(entity_name: str, keys: list[str]) -> bool:
    """`<Action>/status/<id>` after the entity name."""
    return len(keys) == 3 and keys[0] in actions(entity_name) and keys[1].lower() == STATUS_SEGMENT


def start_action(instance: Instance, request: Request, principal: Principal, behaviour: Behaviour, action: str,
                 body: bytes) -> Response:
    if action not in actions(behaviour.name):
        raise server_error(f"The {action} action is not defined for the {behaviour.name} entity.")
    if action != RELEASE_ACTION:
        raise not_emulated(f"the {action} action")
    require_json(request)
    invocation = read_json(body, parameter="invocation")
    if not isinstance(invocation, dict) or not isinstance(invocation.get("entity"), dict):
        raise invalid_request({"invocation": ["Required property 'entity' not found in JSON."]})
    draft = bind(behaviour.shape, invocation["entity"], instance.zone, parameter="invocation.entity")
    record = behaviour.find(instance, draft)
    if record is None:
        raise no_entity()
    record_id = record["id"]
    operation = instance.operations.start(principal.user, lambda: release(instance, record_id), instance.now())
    location = (f"{request.url.scheme}://{request.url.netloc}{instance.base_path}/{ENDPOINT_NAME}/"
                f"{ENDPOINT_VERSION}/{behaviour.name}/{action}/{STATUS_SEGMENT}/{operation.id}")
    return Response(status_code=202, headers={"Location": location})


def operation_status(instance: Instance, principal: Principal, operation_id: str) -> Response:
    status, failure = instance.operations.check(principal.user, operation_id, instance.now())
    if status == "running":
        return Response(status_code=202)
    if status == "failed":
        raise server_error(failure or "The operation failed.")
    return Response(status_code=204)
