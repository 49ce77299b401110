import streamlit as st

k = st.sidebar.selectbox("Number of typologies (k)", ["auto", 2, 3, 4, 5, 6, 7, 8], index=3)
st.metric("Typologies", k)
