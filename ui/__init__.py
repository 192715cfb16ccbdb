"""Streamlit-side helpers shared by app.py and the pages: cached loading, the shared filters and
small display components. Calculations live in spm_core, never here."""
