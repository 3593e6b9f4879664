"""WooCommerce statuses of the shared world as Magento's (state, status) pairs (Magento's default statuses)."""

from __future__ import annotations

STATE_AND_STATUS = {
    "pending": ("new", "pending"),
    "processing": ("processing", "processing"),
    "on-hold": ("holded", "holded"),
    "completed": ("complete", "complete"),
    "cancelled": ("canceled", "canceled"),
    "refunded": ("closed", "closed"),
    "failed": ("canceled", "canceled"),
}
PAID_STATUSES = frozenset({"processing", "completed", "refunded"})
INVOICE_STATE_PAID = 2  # Magento\Sales\Model\Order\Invoice::STATE_PAID
CREDITMEMO_STATE_REFUNDED = 2  # Magento\Sales\Model\Order\Creditmemo::STATE_REFUNDED
PAYMENT_METHODS = {"bacs": "banktransfer", "cod": "cashondelivery", "paypal": "paypal_express", "stripe": "braintree"}
PAYMENT_TITLES = {
    "banktransfer": "Bank Transfer Payment",
    "cashondelivery": "Cash On Delivery",
    "paypal_express": "PayPal Express Checkout",
    "braintree": "Credit Card (Braintree)",
}
