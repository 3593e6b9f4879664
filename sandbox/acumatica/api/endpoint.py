"""`/entity/Default/24.200.001/...`: the contract-based endpoint.

- `GET /<Entity>` lists (a bare JSON array, no count); `GET /<Entity>/<key>[/<key>]` or `/<Entity>/<id>` reads
  one record (500 "No entity satisfies the condition." when there is none: the spec declares no 404).
- `PUT /<Entity>` upserts (`writes.py`); `InventoryQuantityAvailable` is an inquiry (`inquiry.py`).
- `POST /SalesInvoice/ReleaseSalesInvoice` starts a long operation (`actions.py`).
- `GET /swagger.json` is the endpoint's OpenAPI document.

An endpoint name or version other than `Default/24.200.001`, or an entity the contract lacks, is a route no
controller serves (404). An entity of the contract the sandbox does not serve answers 501.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from sandbox.acumatica.api.access import authenticate
from sandbox.acumatica.api.actions import is_status_path, operation_status, start_action
from sandbox.acumatica.api.bodies import business_date, require_json
from sandbox.acumatica.api.inquiry import answer_inquiry
from sandbox.acumatica.binding import bind
from sandbox.acumatica.contract import ENDPOINT_NAME, ENDPOINT_VERSION, spec_bytes, top_level_entities
from sandbox.acumatica.entities import BEHAVIOURS, Behaviour
from sandbox.acumatica.entities.base import WriteContext, present
from sandbox.acumatica.entities.inventory_quantity import NAME as INVENTORY_QUANTITY
from sandbox.acumatica.errors import method_not_allowed, no_entity, no_route, not_emulated
from sandbox.acumatica.filters import matches
from sandbox.acumatica.instance import Instance
from sandbox.acumatica.query_options import QueryOptions
from sandbox.acumatica.records import Record
from sandbox.acumatica.wire import WireResponse, read_json
from sandbox.acumatica.writes import Unprocessable, upsert


def _entity_name(name: str) -> str | None:
    """The contract's spelling of an entity named in a URL (routes match whatever the case)."""
    return next((known for known in top_level_entities() if known.casefold() == name.casefold()), None)


class EndpointHandler:
    def __init__(self, instance: Instance) -> None:
        self.instance = instance

    def dispatch(self, request: Request, parts: list[str], body: bytes) -> Response:
        instance = self.instance
        instance.operations.settle(instance.now())
        wants_spec = parts == ["swagger.json"] and request.method == "GET"
        name = _entity_name(parts[0]) if parts and not wants_spec else None
        if name is None and not wants_spec:
            raise no_route(str(request.url))  # routing comes before authentication
        principal = authenticate(instance, request)
        if name is None:
            return Response(spec_bytes(), media_type="application/json")
        if name == INVENTORY_QUANTITY:
            return answer_inquiry(instance, request, parts[1:], body)
        behaviour = BEHAVIOURS.get(name)
        if behaviour is None:
            raise not_emulated(f"the {name} entity")
        method, keys = request.method, parts[1:]
        if method == "GET" and not keys:
            return self.list_records(request, behaviour)
        if method == "GET" and is_status_path(name, keys):
            return operation_status(instance, principal, keys[2])
        if method == "GET":
            return self.read(request, behaviour, keys)
        if method == "PUT" and not keys:
            return self.put(request, behaviour, body)
        if method == "POST" and len(keys) == 1:
            return start_action(instance, request, principal, behaviour, keys[0], body)
        if method == "DELETE":
            raise not_emulated("deleting records")
        if method == "PUT":
            raise not_emulated("attaching files")
        raise method_not_allowed(method)

    def list_records(self, request: Request, behaviour: Behaviour) -> Response:
        instance = self.instance
        query = QueryOptions.parse(behaviour.shape, request.query_params, instance.zone)
        rows = [record for record in instance.table(behaviour.name).all() if matches(query.filter, record)]
        order = instance.list_order()
        if order is not None:
            order.shuffle(rows)  # no order is defined without $orderby, which this API does not take
        end = None if query.top is None else query.skip + query.top
        page = rows[query.skip:end]
        return WireResponse([present(instance, behaviour, record, expand=query.expand, select=query.select,
                                     row_number=number) for number, record in enumerate(page, start=1)])

    def find(self, behaviour: Behaviour, keys: list[str]) -> Record:
        table = self.instance.table(behaviour.name)
        if len(keys) == 1:
            try:
                record = table.by_id(str(uuid.UUID(keys[0])))
            except ValueError:
                record = None
            if record is not None:
                return record
        record = behaviour.find_by_path(self.instance, keys)
        if record is None:
            raise no_entity()
        return record

    def read(self, request: Request, behaviour: Behaviour, keys: list[str]) -> Response:
        query = QueryOptions.parse(behaviour.shape, request.query_params, self.instance.zone)
        record = self.find(behaviour, keys)
        return WireResponse(present(self.instance, behaviour, record, expand=query.expand, select=query.select))

    def put(self, request: Request, behaviour: Behaviour, body: bytes) -> Response:
        instance = self.instance
        require_json(request)
        query = QueryOptions.parse(behaviour.shape, request.query_params, instance.zone)
        draft = bind(behaviour.shape, read_json(body, parameter="entity"), instance.zone)
        context = WriteContext(business_date(instance, request))
        try:
            record = upsert(instance, behaviour, draft, context,
                            insert_only=request.headers.get("if-none-match", "").strip() == "*",
                            update_only=request.headers.get("if-match", "").strip() == "*")
        except Unprocessable as refused:
            expand = dict(query.expand)
            expand.update({name: {} for name in (*draft.details, *draft.linked)})
            return WireResponse(present(instance, behaviour, refused.record, expand=expand), status_code=422)
        return WireResponse(present(instance, behaviour, record, expand=query.expand, select=query.select))


def build_router(instance: Instance) -> APIRouter:
    router = APIRouter(prefix=instance.options.site_path)
    handler = EndpointHandler(instance)

    @router.api_route("/entity/{endpoint_name}/{version}/{rest:path}",
                      methods=["GET", "PUT", "POST", "DELETE", "PATCH"])
    async def endpoint(endpoint_name: str, version: str, rest: str, request: Request) -> Response:
        if endpoint_name.casefold() != ENDPOINT_NAME.casefold() or version != ENDPOINT_VERSION:
            raise no_route(str(request.url))
        body = await request.body()
        parts = [part for part in rest.split("/") if part]
        return await run_in_threadpool(instance.locked, handler.dispatch, request, parts, body)

    return router
