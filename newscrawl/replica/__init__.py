"""Offline replica of expert-kz.com (Joomla 3 + K2) for end-to-end crawler tests.

Public entry points: `newscrawl.replica.content` (the Site data, CASES, expected values)
and `newscrawl.replica.server.ReplicaServer` (a real HTTP server on 127.0.0.1).
"""
