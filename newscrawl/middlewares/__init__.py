"""Downloader middlewares of newscrawl: each replaces or adds one Scrapy behaviour."""
