"""Stage 5, publishing: the whole site, engine-neutral (pages, feeds, data exports, the
search index), a preview's incremental state, and the atomic swap of a built site.
"""
