"""Benchmarks at realistic scale: `python -m bench` (see README, "Benchmarks")."""
