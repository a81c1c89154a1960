"""Domain logic of the station, in plain Python. Never imports Qt (tests/test_layering.py)."""
