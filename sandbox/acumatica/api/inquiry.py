"""`InventoryQuantityAvailable` over HTTP: `PUT` with the inquiry's parameters (expand `Results`), or `GET` for
the inquiry without parameters as a list of one (`entities/inventory_quantity.py` computes the answer)."""

from __future__ import annotations

from fastapi import Request, Response

from sandbox.acumatica.api.bodies import require_json
from sandbox.acumatica.binding import bind
from sandbox.acumatica.contract import entity
from sandbox.acumatica.entities.inventory_quantity import NAME, inquire
from sandbox.acumatica.errors import not_emulated
from sandbox.acumatica.instance import Instance
from sandbox.acumatica.query_options import QueryOptions
from sandbox.acumatica.records import ERROR, UNKNOWN
from sandbox.acumatica.rendering import render
from sandbox.acumatica.wire import WireResponse, read_json

REFUSED_MESSAGE = "The inquiry raised at least one error. Please review the errors."


def answer_inquiry(instance: Instance, request: Request, keys: list[str], body: bytes) -> Response:
    shape = entity(NAME)
    if keys or request.method not in ("GET", "PUT"):
        raise not_emulated(f"{request.method} of {NAME} beyond the inquiry itself")
    query = QueryOptions.parse(shape, request.query_params, instance.zone)
    if request.method == "PUT":
        require_json(request)
        draft = bind(shape, read_json(body, parameter="entity"), instance.zone)
    else:
        draft = bind(shape, {}, instance.zone)
    answer = inquire(instance, draft)
    if draft.unknown:
        answer.update({UNKNOWN: draft.unknown, ERROR: REFUSED_MESSAGE})
        return WireResponse(render(answer, shape, zone=instance.zone, expand={}, select=None), status_code=422)
    result = render(answer, shape, zone=instance.zone, expand=query.expand, select=query.select)
    return WireResponse(result if request.method == "PUT" else [result])
