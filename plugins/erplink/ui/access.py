"""Who is calling, and may they act: Airflow's own login and permissions, applied by the page itself.

A plugin's app is not behind Airflow's login, so every request is authenticated here as Airflow authenticates its
own API: the UI's JWT from the ``_token`` cookie (or an ``Authorization: Bearer`` header), turned into a user by
the configured auth manager. Acting on a tenant (a replay) needs what the same thing through Airflow's UI needs:
edit rights (PUT) on each of the tenant's DAGs and the right to start a run (POST) of the replay DAG.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from fastapi import Request

# Airflow's own cookie for the UI's JWT (airflow.api_fastapi.auth.managers.base_auth_manager.COOKIE_NAME_JWT_TOKEN).
JWT_COOKIE = "_token"


@dataclass(frozen=True)
class Caller:
    name: str
    user: Any  # the auth manager's user object


class Access(Protocol):
    async def caller(self, request: Request) -> Caller | None:
        """The logged-in user, or None (no token, an expired or revoked one, or one that does not verify)."""
        ...

    def login_url(self, next_url: str) -> str: ...

    def may_act(self, caller: Caller, tenant_dag_ids: Sequence[str], run_dag_id: str) -> bool:
        """Whether the caller may edit every one of the tenant's DAGs and start runs of ``run_dag_id``."""
        ...


class AirflowAccess:
    """The API server's auth manager (``get_auth_manager()``), as Airflow's routes use it."""

    def _manager(self) -> Any:
        from airflow.api_fastapi.app import get_auth_manager

        return get_auth_manager()

    async def caller(self, request: Request) -> Caller | None:
        from jwt import InvalidTokenError

        user = _user_set_by_airflow(request)
        if user is None:
            token = _bearer(request) or request.cookies.get(JWT_COOKIE)
            if not token:
                return None
            try:
                user = await self._manager().get_user_from_token(token)
            except InvalidTokenError:  # expired, revoked, or not signed by this deployment
                return None
        return Caller(name=str(user.get_name()), user=user)

    def login_url(self, next_url: str) -> str:
        return str(self._manager().get_url_login(next_url=next_url))

    def may_act(self, caller: Caller, tenant_dag_ids: Sequence[str], run_dag_id: str) -> bool:
        from airflow.api_fastapi.auth.managers.models.resource_details import DagAccessEntity, DagDetails

        manager = self._manager()
        if not manager.is_authorized_dag(
            method="POST", access_entity=DagAccessEntity.RUN, user=caller.user, details=DagDetails(id=run_dag_id)
        ):
            return False
        return all(
            manager.is_authorized_dag(method="PUT", user=caller.user, details=DagDetails(id=dag_id))
            for dag_id in tenant_dag_ids
        )


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def _user_set_by_airflow(request: Request) -> Any:
    """The user Airflow's JWT refresh middleware already verified for this request (it renews an expiring
    cookie), honoured on the same terms as Airflow's own routes: only with its trust marker."""
    from airflow.api_fastapi.core_api.security import USER_INJECTED_BY_TRUSTED_MIDDLEWARE

    if _bearer(request):
        return None  # an explicit credential wins over the ambient cookie, as in Airflow
    user = getattr(request.state, "user", None)
    marker = getattr(request.state, "user_authenticated_via", None)
    return user if user is not None and marker is USER_INJECTED_BY_TRUSTED_MIDDLEWARE else None
