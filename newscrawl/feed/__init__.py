"""The feed: articles buffered per file and delivered when the file closes.

``exporter.StreamingFeedExporter`` (Scrapy's FeedExporter, replaced in EXTENSIONS)
keeps each open file's articles in a ``buffer.ArticleBuffer`` on disk; when the file
closes (its batch is full, its time is up, or the crawl ends) ``delivery.FileDelivery``
judges site furniture over everything recorded plus this file's articles, fingerprints
them, decides what is new or revised (``revisions``) and adds corrections of earlier
files; then the file is written, fsync'd, renamed into place and committed.
"""
