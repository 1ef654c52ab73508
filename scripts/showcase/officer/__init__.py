"""Officer tools: getting records in and starting new ones.

sheet (spreadsheets as numbered rows), importer (the ledger), roster (volunteer records from a
roster), directory (the ids and names already kept), scaffold (a new record to fill in),
yamledit (changing fields of a hand-written record), atomic (writing files all or nothing),
slug (ids from Chinese names). Uses records and text; knows nothing of the site.
"""
