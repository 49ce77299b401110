import plotly.graph_objects as go
import streamlit as st

from typology.charts import TOPOJSON_URL

st.write("one plotly map")
st.plotly_chart(go.Figure(go.Scattergeo(lat=[0], lon=[0])), config={"topojsonURL": TOPOJSON_URL})
