"""The top-level entities the sandbox serves, by contract name (the inquiry `InventoryQuantityAvailable` is
served by its own module: it stores nothing)."""

from sandbox.acumatica.entities.base import Behaviour
from sandbox.acumatica.entities.customer import CustomerBehaviour
from sandbox.acumatica.entities.sales_invoice import SalesInvoiceBehaviour
from sandbox.acumatica.entities.stock_item import StockItemBehaviour

BEHAVIOURS: dict[str, Behaviour] = {behaviour.name: behaviour for behaviour in
                                    (CustomerBehaviour(), StockItemBehaviour(), SalesInvoiceBehaviour())}

__all__ = ["BEHAVIOURS", "Behaviour"]
