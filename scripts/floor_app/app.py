"""The floor for scripts/benchmark_load.py: the least a Streamlit app under st.navigation can do."""

import streamlit as st


def x() -> None:
    st.write("x")


st.navigation([st.Page(x, title="x", url_path="x", default=True)]).run()
