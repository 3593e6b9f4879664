"""What the endpoint reads from a request besides its body: the media type and the business-date header."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import Request

from sandbox.acumatica.errors import AcumaticaError, http_error
from sandbox.acumatica.instance import Instance
from sandbox.acumatica.wire import JSON_MEDIA_TYPES

BUSINESS_DATE_HEADER = "PX-CbApiBusinessDate"
BUSINESS_DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%Y %H:%M:%S")  # the official client sends the invariant culture's


def require_json(request: Request) -> None:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in JSON_MEDIA_TYPES:
        raise AcumaticaError(415, http_error(f"The request entity's media type '{content_type}' is not supported "
                                             "for this resource."))


def business_date(instance: Instance, request: Request) -> date:
    """The `PX-CbApiBusinessDate` header's date, else today in the instance's time zone."""
    text = (request.headers.get(BUSINESS_DATE_HEADER) or "").strip()
    if text:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            for layout in BUSINESS_DATE_FORMATS:
                try:
                    return datetime.strptime(text, layout).date()
                except ValueError:
                    continue
    return instance.now().astimezone(instance.zone).date()
