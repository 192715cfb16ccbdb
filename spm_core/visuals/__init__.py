"""What the screen draws: plotly figures, the folium map and its boundaries, the colours and the
tables with Indonesian headers."""
