"""One module per way of reaching a printer; each opens a `printer_link.Link`."""
