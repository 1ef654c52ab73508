"""The model stage: the derived figures, computed once from validated records.

figures (hours, stars, points, honors, roll-ups), localise (a language's view of the records,
the input left as it was), stats (the statistics as raw tables), pipeline (load → validate →
model, the part every front end shares).
"""
