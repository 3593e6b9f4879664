"""The integrations erplink ships, one package each (``<erp>_<store>``); the registry reads ``INTEGRATIONS``."""

from erplink.integrations.acumatica_woocommerce import INTEGRATION as ACUMATICA_WOOCOMMERCE
from erplink.integrations.qad_adobe_commerce import INTEGRATION as QAD_ADOBE_COMMERCE
from erplink.integrations.qad_bigcommerce import INTEGRATION as QAD_BIGCOMMERCE
from erplink.integrations.qad_woocommerce import INTEGRATION as QAD_WOOCOMMERCE

INTEGRATIONS = (QAD_WOOCOMMERCE, ACUMATICA_WOOCOMMERCE, QAD_BIGCOMMERCE, QAD_ADOBE_COMMERCE)
