"""Chart factories: pure functions, `df` first, column names as keywords, a go.Figure out.

Maps use plotly `geo` traces only (no tile servers); the app passes
`config={"topojsonURL": ...}` so the world outline comes from the app's own static folder.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from typology.schema import VIOLENCE_TYPES

# Colour-blind-safe qualitative palette (Okabe-Ito), then Plotly's for k > 8.
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#636EFA",
    "#EF553B",
    "#00CC96",
    "#AB63FA",
)
TOPOJSON_URL = "app/static/topojson/"  # relative to the Streamlit server root
MUTED = "#c8c8c8"


def typology_colors(labels) -> dict[str, str]:
    """A stable colour per typology label (sorted), so every chart agrees."""
    return {label: PALETTE[i % len(PALETTE)] for i, label in enumerate(sorted(set(labels)))}


def world_map(
    df: pd.DataFrame,
    *,
    lat: str = "latitude",
    lon: str = "longitude",
    color: str = "typology_name",
    hover_name: str = "city",
    hover_data: tuple[str, ...] = ("country", "year", "setting"),
    size: str | None = None,
    highlight: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Contexts as points on an offline world map, one trace per category of `color`.

    `highlight` names one category: the others are drawn muted so its cities stand out.
    """
    fig = go.Figure()
    colors = typology_colors(df[color].astype(str)) if len(df) else {}
    for category, group in df.groupby(df[color].astype(str), sort=True):
        muted = highlight is not None and category != highlight
        marker = {
            "color": MUTED if muted else colors[category],
            "size": _marker_sizes(group, size),
            "line": {"width": 0.5, "color": "white"},
            "opacity": 0.45 if muted else 0.9,
        }
        fig.add_trace(
            go.Scattergeo(
                lat=group[lat],
                lon=group[lon],
                name=category,
                mode="markers",
                marker=marker,
                text=[_escape(v) for v in group[hover_name]],
                customdata=group[list(hover_data)].astype(str).map(_escape).to_numpy()
                if hover_data
                else None,
                hovertemplate=_hover_template(hover_data),
            )
        )
    fig.update_geos(
        projection_type="natural earth",
        showcountries=True,
        countrycolor="#9a9a9a",
        showland=True,
        landcolor="#f2f2ee",
        showocean=True,
        oceancolor="#e8f1f8",
        showframe=False,
        resolution=110,
        lonaxis_range=[-180, 180],
        lataxis_range=[-58, 84],
        fitbounds=False,
    )
    fig.update_layout(
        title=title,
        margin={"l": 0, "r": 0, "t": 40 if title else 10, "b": 0},
        legend={"title": {"text": ""}, "orientation": "h", "y": -0.02},
        height=480,
    )
    return fig


def _marker_sizes(group: pd.DataFrame, size: str | None):
    if not size or size not in group:
        return 10
    values = pd.to_numeric(group[size], errors="coerce").fillna(0).clip(lower=0)
    # Square-root scaling keeps megacities from hiding small towns.
    return (6 + 20 * (values / max(values.max(), 1)) ** 0.5).tolist()


def _hover_template(hover_data: tuple[str, ...]) -> str:
    lines = [f"{col}: %{{customdata[{i}]}}" for i, col in enumerate(hover_data)]
    return "<b>%{text}</b><br>" + "<br>".join(lines) + "<extra>%{fullData.name}</extra>"


def _escape(value) -> str:
    return html.escape(str(value))


def profile_heatmap(
    df: pd.DataFrame,
    *,
    columns: tuple[str, ...] = VIOLENCE_TYPES,
    row_labels: list[str] | None = None,
    relative_to: pd.Series | None = None,
    title: str | None = None,
) -> go.Figure:
    """Typologies (rows of `df`) by violence type: mean intensity 0-3, or the difference from
    `relative_to` (the overall mean) when given, with the value written in each cell."""
    values = df[list(columns)].astype(float)
    if relative_to is not None:
        values = values - relative_to[list(columns)].astype(float)
        zmin, zmax, scale, label = -3, 3, "RdBu_r", "vs overall mean"
    else:
        zmin, zmax, scale, label = 0, 3, "YlOrRd", "mean intensity (0-3)"
    y = row_labels if row_labels is not None else [str(i) for i in df.index]
    fig = go.Figure(
        go.Heatmap(
            z=values.to_numpy(),
            x=[c.replace("_", " ") for c in columns],
            y=[_escape(v) for v in y],
            zmin=zmin,
            zmax=zmax,
            colorscale=scale,
            text=values.round(1).to_numpy(),
            texttemplate="%{text}",
            colorbar={"title": {"text": label}},
            hovertemplate="%{y}<br>%{x}: %{z:.2f}<extra></extra>",
        )
    )
    fig.update_layout(
        title=title,
        margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        height=max(260, 60 * len(y) + 80),
        yaxis={"autorange": "reversed"},
    )
    return fig


def profile_bars(
    df: pd.DataFrame,
    *,
    typology,
    overall: pd.Series | None = None,
    columns: tuple[str, ...] = VIOLENCE_TYPES,
    name: str | None = None,
    color: str = PALETTE[0],
    title: str | None = None,
) -> go.Figure:
    """One typology's mean intensity (0-3) per violence type as bars, beside the overall mean.

    `df` is the profile table (typologies as rows, violence types as columns) and `typology`
    its row label; `overall` is the mean over all contexts, drawn as grey bars for comparison."""
    x = [c.replace("_", " ") for c in columns]
    values = df.loc[typology, list(columns)].astype(float)
    fig = go.Figure(
        go.Bar(
            x=x,
            y=values.round(2).tolist(),
            name=_escape(name if name is not None else f"Typology {typology}"),
            marker_color=color,
            text=[f"{v:.1f}" for v in values],
            textposition="outside",
            hovertemplate="%{x}: %{y:.2f}<extra>%{fullData.name}</extra>",
        )
    )
    if overall is not None:
        fig.add_trace(
            go.Bar(
                x=x,
                y=overall[list(columns)].astype(float).round(2).tolist(),
                name="all contexts",
                marker_color=MUTED,
                hovertemplate="%{x}: %{y:.2f}<extra>all contexts</extra>",
            )
        )
    fig.update_layout(
        title=title,
        barmode="group",
        yaxis={"range": [0, 3.3], "tickvals": [0, 1, 2, 3], "title": {"text": "mean intensity"}},
        yaxis_ticktext=["none", "low", "medium", "high"],
        margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        legend={"orientation": "h", "y": 1.08},
        height=380,
    )
    return fig
