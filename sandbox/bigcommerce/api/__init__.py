"""The store API, one module per resource family."""
