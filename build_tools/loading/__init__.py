"""Stage 1, loading: files to data (YAML front matter with positions, Markdown parsed
the way the renderer parses it, the names a body mentions).
"""
