"""The tenant's HTTP routes, one module per business document (plus authentication)."""
