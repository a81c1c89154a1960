"""Parts every screen shares.

Record models, form parts, the page frame and controller, the key map, owner
approval, messages, and the print queue every page hands papers to.
"""
