"""Problems the benchmark reports as one clear message instead of a traceback."""


class BenchError(Exception):
    """Something the benchmark needs is missing or failed; the message says what and what to do."""
