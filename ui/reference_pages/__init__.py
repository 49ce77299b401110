"""Reference Streamlit pages the benchmark measures beside the app (typology/bench.py): what an
empty page, a page with one plotly map and a page with one select box cost on the same machine."""
