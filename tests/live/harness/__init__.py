"""The live deployment harness: docker-compose.yaml's services run natively, and the helpers that drive them."""
