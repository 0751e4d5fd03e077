"""Index → pages: every page of the site as engine-neutral ``Page`` values.

Escaping happens here, once, for every piece of contributor text; nothing in this
package knows which engine will publish the pages.
"""
