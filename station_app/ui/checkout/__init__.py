"""The retail checkout: scan field, cart, payment, refunds, receipt preview and their dialogs."""
