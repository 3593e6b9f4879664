"""The store's `/V1` routes, one module per group of resources."""
