"""Project commands (COMMANDS_MODULE): they replace Scrapy's of the same name."""
