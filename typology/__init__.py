"""Scenario typologies for urban safety and peacebuilding: the pure library (no Streamlit)."""

__version__ = "0.1.0"
