"""Scrapy commands of newscrawl (COMMANDS_MODULE): ``crawl`` with argument checks."""
