"""Stage 4, engine: the only code that knows MkDocs and mkdocs-material.

plugin (the MkDocs plugin: events, generated pages as virtual files, extra files, the second
language), shell (the theme's markup around generated pages), build (one build for a front
end: validation first, a temporary folder, the swap).
"""
