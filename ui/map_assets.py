"""Leaflet served by the app itself, so the map works offline.

Streamlit serves the folder of a declared component at ``/component/<name>/``. We declare the
folder of the installed ``xstatic-leaflet`` package (from PyPI; nothing is copied into the
repository) as such a folder and point the map at it. The URL is relative to the map's own frame
(``/component/streamlit_folium.st_folium/index.html``), so it also works under a
``server.baseUrlPath``.
"""

from __future__ import annotations

import streamlit.components.v1 as components

from spm_core.visuals.maps import LeafletAssets, leaflet_assets, leaflet_dir

ASSET_NAME = "leaflet"


def served_leaflet_assets() -> LeafletAssets:
    """Register Leaflet's folder with this app's server (idempotent) and return its URLs."""
    component = components.declare_component(ASSET_NAME, path=str(leaflet_dir()))
    return leaflet_assets(f"../{component.name}/")
