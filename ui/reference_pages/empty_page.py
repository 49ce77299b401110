import streamlit as st

st.write("empty page")
