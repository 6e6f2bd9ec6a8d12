"""What a CMS renders the same way on every site that runs it; site profiles build on it."""
