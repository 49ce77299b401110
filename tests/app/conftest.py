import pytest
import streamlit as st


@pytest.fixture(autouse=True)
def clear_streamlit_caches():
    """st.cache_data is shared by every AppTest in one process: start each test clean."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
