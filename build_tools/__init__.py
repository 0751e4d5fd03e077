"""Build tools for the Briefing Archive."""
