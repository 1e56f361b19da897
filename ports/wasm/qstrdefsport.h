// qstrs used by the port that cannot be found by scanning the sources.
