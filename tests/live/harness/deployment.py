"""The live deployment: docker-compose.yaml's services as processes on this machine.

PostgreSQL 15 (the metadata database and, in a database of its own, the ledger), Redis from Debian's packages (the
Celery broker), the API sandboxes, and the Airflow services of the compose file (init, api-server, scheduler,
dag-processor, triggerer, celery worker) from the project's virtualenv, each with its compose command and
environment re-pointed at loopback (see native.py). Everything runs from temporary folders that go when the
deployment stops; each process's output goes to ``<artifacts>/logs/<service>.log``, which stays for a person.

    with Deployment(artifacts).started() as live:
        live.api.get("/api/v2/dags")
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from cryptography.fernet import Fernet

from tests.live.harness import native
from tests.live.harness.airflow_api import AirflowApi
from tests.live.harness.compose import REPO, airflow_services
from tests.live.harness.network import LOOPBACK, free_port, redis_answers
from tests.live.harness.processes import MARKER_VARIABLE, ManagedProcess, kill_leftovers, stop_all
from tests.live.harness.sandboxes import SandboxEndpoints, read_env_file, sandbox_argv
from tests.live.harness.tenants import POOL_NAME, POOL_SLOTS, live_tenants_document
from tests.live.harness.waiting import wait_for
from tests.live.harness.watchdog import Watchdog
from tests.support.postgres import PG_BIN_CANDIDATES

INIT_SERVICE = "airflow-init"
# The long-running services, in the order compose starts them.
SERVICES = ("airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer", "airflow-worker")
WORKER = "airflow-worker"
ADMIN_USER = "admin"
VIEWER_USER = "viewer"

# Shorter waits than production so a failure and its recovery fit in seconds: the first retry of a task, and how
# long a task may go without a heartbeat (its worker died) before the scheduler fails it into its retry.
FAST_FEEDBACK = {
    "ERPLINK_RETRY_DELAY_SECONDS": "2",
    "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT": "20",
    "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT_DETECTION_INTERVAL": "2",
}
# One Celery worker with two processes: the deployment shares two cores with the tests.
SMALL_MACHINE = {
    "AIRFLOW__CELERY__WORKER_CONCURRENCY": "2",
}


@dataclass(frozen=True)
class WorldSize:
    orders: int = 40
    skus: int = 30
    seed: int = 42


@dataclass
class Deployment:
    artifacts: Path
    world: WorldSize = field(default_factory=WorldSize)
    processes: dict[str, ManagedProcess] = field(default_factory=dict)
    marker: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __post_init__(self) -> None:
        self.logs = self.artifacts / "logs"
        self.api_port, self.redis_port = free_port(), free_port()
        # Containers keep these apart by network namespace; processes of one machine need a port each.
        self.worker_log_port, self.trigger_log_port = free_port(), free_port()
        self.api_url = f"http://{LOOPBACK}:{self.api_port}"
        self.passwords = {ADMIN_USER: secrets.token_urlsafe(16), VIEWER_USER: secrets.token_urlsafe(16)}
        self.fernet_key = Fernet.generate_key().decode()
        self.secret_key = secrets.token_urlsafe(32)
        self.status_token = secrets.token_urlsafe(24)
        self.leftovers: list[str] = []
        self._stack = ExitStack()

    # -- what the tests use -------------------------------------------------------------------------------------

    @property
    def api(self) -> AirflowApi:
        return self._api

    @property
    def sandboxes(self) -> SandboxEndpoints:
        return self._sandboxes

    def viewer_api(self) -> AirflowApi:
        return AirflowApi(self.api_url, VIEWER_USER, self.passwords[VIEWER_USER], logs=self._airflow_logs())

    def secrets(self) -> list[str]:
        """Every secret of the deployment: none may reach a task log."""
        return [*self.passwords.values(), self.fernet_key, self.secret_key, self.status_token,
                *self.sandboxes.secrets()]

    def kill_worker(self) -> None:
        """SIGKILL the Celery worker and everything it started (its pool and the tasks running in it)."""
        self.processes[WORKER].kill_tree()

    def start_worker(self) -> None:
        self._start_service(WORKER)

    # -- starting -----------------------------------------------------------------------------------------------

    @contextmanager
    def started(self) -> Iterator[Deployment]:
        try:
            self.start()
            yield self
        finally:
            self.stop()

    def start(self) -> None:
        shutil.rmtree(self.artifacts, ignore_errors=True)
        self.logs.mkdir(parents=True)
        self._scratch = Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix="erplink-live-")))
        # A process of its own session that cleans up should this one die without stopping the deployment.
        self._watchdog = Watchdog(self._scratch / "watchdog.json", marker=self.marker, folders=[self._scratch])
        self._watchdog.start(cwd=REPO, env={k: v for k, v in self._base_env().items() if k != MARKER_VARIABLE},
                             log_path=self.logs / "watchdog.log")
        self._stack.callback(self._watchdog.stop)
        self._start_postgres()
        # Registered after the database server so that it runs first: the services let go of it before it stops.
        self._stack.callback(self._stop_processes)
        sandboxes = self._spawn_sandboxes()  # they seed their world while Redis starts
        self._start_redis()
        self._wait_for_sandboxes(sandboxes)
        self._write_tenants()
        self._services = airflow_services(self._compose_variables())
        self._run_init()
        for service in SERVICES:
            self._start_service(service)
        self._api = AirflowApi(self.api_url, ADMIN_USER, self.passwords[ADMIN_USER], logs=self._airflow_logs())
        self._wait_until_healthy()
        self._api.post("/api/v2/pools", json={"name": POOL_NAME, "slots": POOL_SLOTS,
                                              "description": "erplink demo: concurrent API calls"})

    def _start_postgres(self) -> None:
        from tests.support.postgres import postgres_server

        server = self._stack.enter_context(postgres_server())
        self._pg = sa.engine.make_url(server)
        tag = f"live_{self.marker[:8]}"
        self.databases = {"airflow": f"{tag}_airflow", "erplink": f"{tag}_erplink"}
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for database in self.databases.values():
                conn.execute(sa.text(f"CREATE DATABASE {database}"))
            data_directory = conn.execute(sa.text("SHOW data_directory")).scalar_one()
        admin.dispose()
        if not os.environ.get("ERPLINK_TEST_POSTGRES_URL"):  # a server of our own, not one given to the tests
            [bin_dir] = [path for path in PG_BIN_CANDIDATES if (path / "pg_ctl").exists()]
            self._watchdog.add_postgres(bin_dir / "pg_ctl", Path(data_directory))
        self._stack.callback(self._drop_databases, server)

    def _drop_databases(self, server: str) -> None:
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for database in self.databases.values():
                conn.execute(sa.text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        admin.dispose()

    def _start_redis(self) -> None:
        redis_dir = self._scratch / "redis"
        redis_dir.mkdir()
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is missing: `make test` installs it (scripts/ensure-system-deps)")
        redis = self._spawn("redis", [binary, "--port", str(self.redis_port), "--bind", LOOPBACK, "--save", "",
                                      "--appendonly", "no", "--dir", str(redis_dir)], self._base_env())
        wait_for("Redis to answer PING", lambda: redis_answers(self.redis_port), timeout=30, logs=[redis])

    def _spawn_sandboxes(self) -> ManagedProcess:
        self._sandbox_env_file = self._scratch / "sandboxes.env"
        return self._spawn("sandboxes", sandbox_argv(self._sandbox_env_file, orders=self.world.orders,
                                                     skus=self.world.skus, seed=self.world.seed), self._base_env())

    def _wait_for_sandboxes(self, process: ManagedProcess) -> None:
        # The connections are written before the sandbox announces its URLs on its last start-up lines.
        wait_for("the sandboxes to write their connections", lambda: "# qad:" in process.log_path.read_text(),
                 timeout=60, logs=[process])
        self.connection_env = read_env_file(self._sandbox_env_file)
        self._sandboxes = SandboxEndpoints.from_env(self.connection_env)

    def _write_tenants(self) -> None:
        import yaml

        self.tenants_file = self._scratch / "tenants.yaml"
        self.tenants_file.write_text(yaml.safe_dump(live_tenants_document(self.api_url)))

    def _compose_variables(self) -> dict[str, str]:
        """The deployment's .env: what compose interpolates into the services' settings."""
        return {
            "AIRFLOW_FERNET_KEY": self.fernet_key,
            "AIRFLOW_SECRET_KEY": self.secret_key,
            "POSTGRES_PASSWORD": secrets.token_urlsafe(12),  # the native server trusts loopback; compose needs one
            "AIRFLOW_ADMIN_USER": ADMIN_USER,
            "AIRFLOW_ADMIN_PASSWORD": self.passwords[ADMIN_USER],
            "AIRFLOW_VIEWER_USER": VIEWER_USER,
            "AIRFLOW_VIEWER_PASSWORD": self.passwords[VIEWER_USER],
            "ERPLINK_STATUS_TOKEN": self.status_token,
        }

    def native_site(self) -> native.NativeSite:
        home = self._scratch / "airflow"
        return native.NativeSite(
            postgres_netloc=f"{self._pg.username}@{self._pg.host}:{self._pg.port}",
            databases=self.databases, redis_netloc=f"{LOOPBACK}:{self.redis_port}", api_host=LOOPBACK,
            api_port=self.api_port,
            paths={"/opt/airflow/auth": home / "auth", "/opt/airflow/include/tenants.yaml": self.tenants_file,
                   "/opt/airflow/dags": REPO / "dags", "/opt/airflow/logs": self.artifacts / "task-logs"},
        )

    def service_env(self, service: str) -> dict[str, str]:
        """The environment a compose service's process runs with here (compose's .env, then its environment)."""
        site = self.native_site()
        env = {**self._base_env(), **self.connection_env}
        env.update(native.native_environment(self._services[service], site))
        env.update(native.image_settings(
            home=self._scratch / "airflow", dags=site.paths["/opt/airflow/dags"],
            logs=site.paths["/opt/airflow/logs"], api_host=LOOPBACK, api_port=self.api_port,
            worker_log_port=self.worker_log_port, trigger_log_port=self.trigger_log_port))
        env.update(SMALL_MACHINE)
        env.update(FAST_FEEDBACK)
        return env

    def _run_init(self) -> None:
        (self._scratch / "airflow" / "auth").mkdir(parents=True)  # the compose file's named volume
        init = self._spawn(INIT_SERVICE, list(self._services[INIT_SERVICE].argv), self.service_env(INIT_SERVICE))
        wait_for("airflow-init (db migrate, ledger-migrate, password file) to finish",
                 lambda: init.popen is not None and init.popen.poll() is not None, timeout=240, logs=[init])
        assert init.popen is not None and init.popen.returncode == 0, (
            f"airflow-init exited with {init.popen.returncode if init.popen else None}\n{init.tail()}")

    def _start_service(self, service: str) -> ManagedProcess:
        return self._spawn(service, list(self._services[service].argv), self.service_env(service))

    def _wait_until_healthy(self) -> None:
        components = ("metadatabase", "scheduler", "triggerer", "dag_processor")

        def healthy() -> bool:
            health = self._api.get("/api/v2/monitor/health", auth=False)
            return all(health.get(name, {}).get("status") == "healthy" for name in components)

        wait_for(f"the API server to report {', '.join(components)} healthy", healthy, timeout=180, interval=1,
                 logs=self._airflow_logs())
        worker = self.processes[WORKER]
        wait_for("the Celery worker to be ready", lambda: " ready." in worker.log_path.read_text(), timeout=120,
                 interval=1, logs=[worker])

    # -- processes ----------------------------------------------------------------------------------------------

    def _base_env(self) -> dict[str, str]:
        """This machine's environment without the test session's own Airflow and erplink settings, the venv's
        bin first on PATH (the image has airflow, erplink and python there), and the deployment's marker."""
        env = {key: value for key, value in os.environ.items() if not key.startswith(("AIRFLOW", "ERPLINK_"))}
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        env[MARKER_VARIABLE] = self.marker
        return env

    def _spawn(self, name: str, argv: list[str], env: dict[str, str]) -> ManagedProcess:
        process = ManagedProcess(name, argv, env, REPO, self.logs / f"{name}.log").start()
        self.processes[name] = process
        self._watchdog.add_session(process.pid)  # it leads a session of its own
        return process

    def _airflow_logs(self) -> list[ManagedProcess]:
        return [self.processes[name] for name in SERVICES if name in self.processes]

    def _stop_processes(self) -> None:
        # The Airflow services first (they hold connections to PostgreSQL and Redis), then the rest.
        airflow = [self.processes[name] for name in (INIT_SERVICE, *SERVICES) if name in self.processes]
        stop_all(airflow)
        stop_all([self.processes[name] for name in ("sandboxes", "redis") if name in self.processes])
        self.leftovers = kill_leftovers(self._watchdog.state["sessions"], self.marker)

    def stop(self) -> list[str]:
        """Stop everything; returns the processes that outlived their stop (killed now), which should be none."""
        self._stack.close()
        return self.leftovers
