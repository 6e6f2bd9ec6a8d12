"""Site profiles that exist only for tests."""
