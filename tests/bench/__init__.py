"""`make bench`: throughput, latency and memory of the public pages, served as
in production (run.py), on generated content (content.py)."""
