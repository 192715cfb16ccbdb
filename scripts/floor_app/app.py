"""The floor for scripts/benchmark_load.py: the least a Streamlit app under st.navigation can do.

Served like the dashboard (``app.py``): as an ``st.App`` whose listening socket has Nagle off
(``ui/transport.py``), so both are measured over the same kind of connection; the benchmark puts
the repository on ``PYTHONPATH`` for the import."""

import streamlit as st

if __name__ != "__main__":
    from ui.transport import nodelay_lifespan

    app = st.App(__file__, lifespan=nodelay_lifespan)
else:

    def x() -> None:
        st.write("x")

    st.navigation([st.Page(x, title="x", url_path="x", default=True)]).run()
