"""Untrusted files coming in: the safety check on raw bytes, reading CSV/.xlsx, validation with
row/column problems, the templates offices fill, the import gate and what an import changes."""
