"""Pure domain core: standards, formulas and rules. No Django, no files, no sockets."""
