class ImportRefused(Exception):
    """The import cannot go on. The message is one line, written for the researcher who ran it.

    Raised inside the import's transaction, so nothing the run wrote survives it.
    """
