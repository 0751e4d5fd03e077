"""Benchmarks for `make bench`."""
