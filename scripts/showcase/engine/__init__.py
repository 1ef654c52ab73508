"""The engine stage: the only code that knows MkDocs and mkdocs-material.

plugin (the MkDocs plugin: events, generated pages as virtual files, extra files), languages (the
site's other languages, each a build of its own started by the plugin), shell (the theme's markup around generated pages), build (one build for a front
end: validation first, a temporary folder, the swap).
"""
