"""The site stage: which pages exist and what each shows, as view models for the templates.

pages (the page plan and its views), links (where pages live, relative links), markup (record
Markdown made safe), search (index entries from the model), charts (chart geometry, CSV/JSON),
visuals (which images the pages need). Plain Python: no MkDocs.
"""
