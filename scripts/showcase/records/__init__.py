"""The records stage: find and parse the officer's files, then check them into typed records.

load (files → raw YAML with line numbers), yamlio (safe YAML), schema (the data contract as
field declarations), validate (raw → typed records, every problem collected), ledger (the
service ledger folded row by row), privacy (personal data found in free text), types (the
records). Nothing here knows about pages, images or MkDocs.
"""
