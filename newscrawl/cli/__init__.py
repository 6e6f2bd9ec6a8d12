"""Command-line tools besides ``scrapy crawl``: ``newscrawl extract`` (offline extraction)."""
