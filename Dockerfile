# The official Airflow image with erplink installed as a package (its provider entry point registers the
# connection types; its plugin entry point mounts the webhook receiver on the API server).
FROM apache/airflow:3.3.2-python3.11

USER airflow
COPY --chown=airflow:0 requirements.txt pyproject.toml README.md /opt/erplink/
COPY --chown=airflow:0 plugins /opt/erplink/plugins
# Only the packages the image lacks: Airflow and its own pins come with the image.
RUN pip install --no-cache-dir "requests-oauthlib==2.0.0" "standardwebhooks==1.1.0" \
    && pip install --no-cache-dir --no-deps /opt/erplink
COPY --chown=airflow:0 dags /opt/airflow/dags
COPY --chown=airflow:0 include /opt/airflow/include
# Holds the admin password file; a fresh named volume copies this owner and mode (group 0 is the container's group).
RUN mkdir -p /opt/airflow/auth && chmod 0770 /opt/airflow/auth
