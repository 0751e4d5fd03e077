"""Stage 3, indexing: the cross-reference index every page and feed is rendered from."""
