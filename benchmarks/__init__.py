"""Speed and memory benchmarks of newscrawl (issue 6); run ``python benchmarks/crawl_bench.py``.

Not part of the test suite: ``tests/test_benchmark_smoke.py`` runs it at a tiny size so
it cannot rot.
"""
