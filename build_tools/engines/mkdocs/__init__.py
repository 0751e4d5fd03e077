"""The MkDocs adapter: the only package that imports MkDocs, Material or pymdownx.

The core (load → validate → index → render → feeds/exports, ending in
:mod:`build_tools.publishing.site_content`) hands over finished, sanitised pages and files;
this package puts them on a MkDocs + Material site and nothing else:

- :mod:`.plugin`: the ``briefings`` plugin (its entry point in ``pyproject.toml``);
- :mod:`.page_skeletons`: Material's frame rendered once per shape of page, then
  filled in (a speed device: ``page_skeletons: false`` turns it off);
- ``theme/``: the overrides of Material's templates and the archive's own
  stylesheets and search script, put ahead of any ``custom_dir`` by the plugin.

Inside this package ``import mkdocs`` still means MkDocs itself: imports are
absolute, so this package is only ever ``build_tools.engines.mkdocs``.
"""
