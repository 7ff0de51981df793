"""Measurement entries, one module per area; `bench/run.py` imports every module here."""
