"""One hook per external system; each turns an Airflow connection into a configured REST client."""
