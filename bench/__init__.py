"""Benchmark harness: `bench/run` (see harness.py); bench/generate.py makes the counties."""
