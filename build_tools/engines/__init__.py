"""Stage 6, the engine adapters: the only code that knows a site engine (MkDocs and
Material today, in ``engines/mkdocs/``).
"""
