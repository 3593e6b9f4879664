"""Per-tenant integration configuration (include/tenants.yaml)."""

from erplink.config.tenants import ConfigError, TenantConfig, load_tenants

__all__ = ["ConfigError", "TenantConfig", "load_tenants"]
