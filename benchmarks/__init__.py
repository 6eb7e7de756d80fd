"""Synthetic catalogues and performance benchmarks for IMH Library."""
