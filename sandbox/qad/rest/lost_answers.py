"""A write committed and then answered with HTTP 500 and the web container's HTML error page: the servlet died
after QAD saved the record, so the client cannot know whether it was saved (an ambiguous write).

Armed per entity (`state.lose_answers`, or `POST /__admin__/qad/<tenant>/lost-answers`), counted down by the
writes of that entity; the shared fault routes (statuses, drops, slow answers) fire before the write instead.
"""

from __future__ import annotations

from fastapi import Response

from sandbox.qad.tenant import TenantStore

LOST_ANSWER_PAGE = b"<html><head><title>Error 500</title></head><body><h2>HTTP ERROR 500</h2></body></html>"
LOSES_ANSWERS = ("journal-entries",)
"""The entities whose committed writes can be answered this way."""


def answer_lost(tenant: TenantStore, entity: str) -> bool:
    """Whether this committed write of `entity` loses its answer (counts one down); the caller holds the lock."""
    if tenant.lost_answers[entity] > 0:
        tenant.lost_answers[entity] -= 1
        return True
    return False


def lost_answer() -> Response:
    return Response(LOST_ANSWER_PAGE, status_code=500, media_type="text/html")
