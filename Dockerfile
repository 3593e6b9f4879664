# The official Airflow image with erplink installed as a package (its provider entry point registers the
# connection types; its plugin entry point mounts the webhook receiver on the API server).
FROM apache/airflow:3.3.2-python3.11

USER airflow
COPY --chown=airflow:0 requirements.txt pyproject.toml README.md /opt/erplink/
COPY --chown=airflow:0 plugins /opt/erplink/plugins
# Exactly the pinned requirements.txt that `make test` and the live tests install (Airflow 3.3.2 included): where
# the image's own versions differ, the pins replace them, so the image runs the versions the tests ran.
RUN pip install --no-cache-dir -r /opt/erplink/requirements.txt \
    && pip install --no-cache-dir --no-deps /opt/erplink
COPY --chown=airflow:0 dags /opt/airflow/dags
COPY --chown=airflow:0 include /opt/airflow/include
# Holds the admin password file; a fresh named volume copies this owner and mode (group 0 is the container's group).
RUN mkdir -p /opt/airflow/auth && chmod 0770 /opt/airflow/auth
