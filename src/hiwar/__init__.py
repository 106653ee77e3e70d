"""Hiwar: a platform for regional reviews of the Global Compact for Migration."""

import os

# Embeddings are small matrix products. OpenBLAS's own thread pool, one thread per core in every
# gunicorn worker and task worker, makes them contend for the cores: on a busy 2-core machine one
# query embedding took 400-500 ms with the default and 7 ms with one thread. Set before numpy
# is first imported; an operator can still choose otherwise in the environment.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
