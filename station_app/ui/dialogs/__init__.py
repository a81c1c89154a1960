"""Small modal dialogs the checkout opens; each is driven by keys alone."""
