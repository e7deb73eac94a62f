"""Pieces the agreement templates and (later) agreements share: the placeholders a clause
may use, the sanitiser for clause text, and the default clauses of each form."""
