"""Importers for the real data sets the archive ships under ``fixtures/``."""
