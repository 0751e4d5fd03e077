"""Geography for maps drawn at build time: country outlines, projection, clipping."""
