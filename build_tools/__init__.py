"""Build tools for the Briefing Archive: one package per stage, in the order data flows.

- ``format``: the format definitions (fields, rules, limits, allow-lists), the
  published addresses and the plain data types the stages hand on.
- ``loading``: files to data (``loading.loader.load_archive``).
- ``validation``: every rule, all problems at once (``validation.archive.check_archive``).
- ``indexing``: the cross-reference index (``indexing.index.build_index``).
- ``rendering``: bodies, pages, maps and charts, each from a ``RenderContext``.
- ``publishing``: the whole site, engine-neutral
  (``publishing.site_content.build_site_content``): pages, feeds, data exports, the
  search index; a preview's memory between rebuilds; the atomic swap of a built site.
- ``engines``: the adapters to a site engine (``engines.mkdocs``, the only code that
  imports MkDocs).
- ``commands``: the ``briefings`` command line (``commands.cli.main``).

A stage imports only the stages before it (``tests/test_architecture.py``).
"""
