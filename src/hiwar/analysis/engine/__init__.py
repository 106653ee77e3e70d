"""The tagging engine: sentence embeddings plus classifiers trained on the GCM and our passages.

Pure Python and numpy, no Django models: the CLI (``hiwar tag``), the background task and the
benchmarks all call :func:`hiwar.analysis.engine.tagger.get_tagger`.
"""
