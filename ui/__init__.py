"""The only Streamlit-aware helpers: page registry, cached loaders, shared widgets, URL state."""
