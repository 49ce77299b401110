"""Chart factories: pure functions, `df` first, column names as keywords, a go.Figure out.

Maps use plotly `geo` traces only (no tile servers); the app passes
`config={"topojsonURL": ...}` so the world outline comes from the app's own static folder.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from typology.i18n import N_, _, format_number
from typology.schema import INTENSITY_LABELS, VIOLENCE_TYPES

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
GAP_COLOR = "#fbe0c8"  # evidence-gap cells: a pale orange, apart from the blue count scale


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
    colors: dict[str, str] | None = None,
) -> go.Figure:
    """Contexts as points on an offline world map, one trace per category of `color`.

    `highlight` names one category: the others are drawn muted so its cities stand out.
    `colors` (category -> colour, e.g. for all typologies) keeps colours stable when a filter
    hides some categories.
    """
    fig = go.Figure()
    if colors is None:
        colors = typology_colors(df[color].astype(str)) if len(df) else {}
    for category, group in df.groupby(df[color].astype(str), sort=True):
        muted = highlight is not None and category != highlight
        marker = {
            "color": MUTED if muted else colors.get(category, MUTED),
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
    from typology.labels import column_label

    lines = [
        f"{_escape(column_label(col))}: %{{customdata[{i}]}}" for i, col in enumerate(hover_data)
    ]
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
        zmin, zmax, scale, label = -3, 3, "RdBu_r", _("vs overall mean")
    else:
        zmin, zmax, scale, label = 0, 3, "YlOrRd", _("mean intensity (0-3)")
    y = row_labels if row_labels is not None else [str(i) for i in df.index]
    fig = go.Figure(
        go.Heatmap(
            z=values.to_numpy(),
            x=[c.replace("_", " ") for c in columns],
            y=[_escape(v) for v in y],
            zmin=zmin,
            zmax=zmax,
            colorscale=scale,
            # An unknown mean (no member has a value) reads 'unknown', never 'NaN'.
            text=values.round(1)
            .map(
                lambda v: _("unknown") if pd.isna(v) else format_number(v, 0 if v == int(v) else 1)
            )
            .to_numpy(),
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


def composition_bar(
    df: pd.DataFrame,
    *,
    by: str = "setting",
    color: str = "typology_name",
    order: tuple[str, ...] | None = None,
    highlight: str | None = None,
    colors: dict[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """How many contexts of each `color` category (typology) fall in each `by` category
    (setting, region): stacked bars, one trace per typology. `highlight` mutes the others, as
    on the map; `colors` (typology -> colour) keeps the colours of the other charts."""
    labels = df[color].astype(str)
    colors = colors or typology_colors(labels)
    groups = df[by].astype(str)
    x = list(order) if order else sorted(groups.unique())
    counts = pd.crosstab(groups, labels).reindex(index=x, fill_value=0)
    fig = go.Figure()
    for category in sorted(labels.unique()):
        muted = highlight is not None and category != highlight
        fig.add_trace(
            go.Bar(
                x=[_escape(v.replace("_", " ")) for v in x],
                y=counts[category].tolist(),
                name=_escape(category),
                marker={"color": MUTED if muted else colors.get(category, MUTED)},
                opacity=0.5 if muted else 1.0,
                hovertemplate="%{x}: %{y} " + _("context(s)") + "<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        title=title,
        margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        yaxis={"title": {"text": _("contexts")}},
        legend={"orientation": "h", "y": -0.2},
        height=360,
    )
    return fig


def intensity_radar(
    df: pd.DataFrame,
    *,
    label: str = "label",
    columns: tuple[str, ...] = VIOLENCE_TYPES,
    title: str | None = None,
) -> go.Figure:
    """The seven coded intensities (0-3) of each row of `df` on one radar, one trace per row.
    An empty (unknown) intensity is a gap in the shape, never drawn as 0: the hover says
    "unknown" and the trace name counts the unknown types."""
    from typology.labels import column_label

    theta = [column_label(c) for c in columns]
    fig = go.Figure()
    for i, (_index, row) in enumerate(df.iterrows()):
        r = [None if pd.isna(row[c]) else float(row[c]) for c in columns]
        words = [_("unknown") if v is None else _(INTENSITY_LABELS.get(int(v), "")) for v in r]
        unknown = sum(v is None for v in r)
        name = _escape(row[label]) + (" " + _("({n} unknown)").format(n=unknown) if unknown else "")
        fig.add_trace(
            go.Scatterpolar(
                r=[*r, r[0]],  # close the shape
                theta=[*theta, theta[0]],
                customdata=[*words, words[0]],
                name=name,
                mode="lines+markers",
                fill="toself",
                opacity=0.55,
                connectgaps=False,
                line={"color": PALETTE[i % len(PALETTE)]},
                hovertemplate="%{theta}: %{customdata}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(
        title=title,
        polar={
            "radialaxis": {
                "range": [0, 3],
                "tickvals": [0, 1, 2, 3],
                "ticktext": ["none", "low", "medium", "high"],
            }
        },
        legend={"orientation": "h", "y": -0.1},
        margin={"l": 40, "r": 40, "t": 40 if title else 20, "b": 20},
        height=440,
    )
    return fig


def typology_path_chart(
    df: pd.DataFrame,
    *,
    x: str = "year",
    y: str = "typology_name",
    categories: list[str] | None = None,
    colors: dict[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """One city's typology across its contexts (years): a grey path through points coloured by
    typology. `categories` fixes the typology axis (all typologies, so paths are comparable)."""
    data = df.sort_values(x)
    names = data[y].astype(str)
    colors = colors or typology_colors(categories or names)
    fig = go.Figure(
        go.Scatter(
            x=data[x].tolist(),
            y=[_escape(v) for v in names],
            mode="lines",
            line={"color": "#9a9a9a", "width": 2},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for category in dict.fromkeys(names):
        rows = data[names == category]
        fig.add_trace(
            go.Scatter(
                x=rows[x].tolist(),
                y=[_escape(category)] * len(rows),
                mode="markers",
                marker={"size": 14, "color": colors.get(category, MUTED)},
                name=_escape(category),
                hovertemplate="%{x}: %{y}<extra></extra>",
            )
        )
    axis = [_escape(c) for c in categories] if categories else None
    if axis:  # an invisible point per typology so the axis lists them all, visited or not
        fig.add_trace(
            go.Scatter(
                x=[data[x].iloc[0]] * len(axis),
                y=axis,
                mode="markers",
                marker={"opacity": 0},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    fig.update_layout(
        title=title,
        xaxis={"title": {"text": _("year")}, "tickmode": "array", "tickvals": data[x].tolist()},
        yaxis={"categoryorder": "array", "categoryarray": axis} if axis else {},
        showlegend=False,
        margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        height=max(220, 50 * len(axis or names.unique()) + 80),
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
            name=_escape(name if name is not None else _("Typology {n}").format(n=typology)),
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
                name=_("all contexts"),
                marker_color=MUTED,
                hovertemplate="%{x}: %{y:.2f}<extra>" + _("all contexts") + "</extra>",
            )
        )
    fig.update_layout(
        title=title,
        barmode="group",
        yaxis={
            "range": [0, 3.3],
            "tickvals": [0, 1, 2, 3],
            "title": {"text": _("mean intensity")},
        },
        yaxis_ticktext=["none", "low", "medium", "high"],
        margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        legend={"orientation": "h", "y": 1.08},
        height=380,
    )
    return fig


def evidence_gap_heatmap(
    gaps: pd.DataFrame,
    *,
    row: str = "row",
    entry_point: str = "entry_point",
    value: str = "evaluated",
    total: str = "total",
    grades: tuple[str, ...] = (
        "effective",
        "promising",
        "mixed",
        "no_effect_or_harmful",
        "not_evaluated",
    ),
    row_labels: dict[str, str] | None = None,
    entry_labels: dict[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """The evidence-gap matrix: entry points (y) by setting or typology (x), coloured by the
    number of evaluated practices, each cell written "evaluated of documented" ("none" when
    nothing is documented).

    `gaps` is the long table of `typology.matching.evidence_gaps` (one row per cell, one count
    column per grade). Cells without an evaluated practice are drawn by a second heatmap trace
    named "no evaluated practice" in a pale orange, so gaps stand out at a glance; hovering a cell
    gives the count per evidence grade and the practice ids.
    """
    from typology.labels import words

    row_labels = row_labels or {}
    entry_labels = entry_labels or {}
    rows = list(dict.fromkeys(gaps[row]))
    entries = list(dict.fromkeys(gaps[entry_point]))
    x = [_wrap(_escape(row_labels.get(r, r))) for r in rows]
    y = [_escape(entry_labels.get(e, e)) for e in entries]
    cells = gaps.set_index([entry_point, row])
    z, text, hover = [], [], []
    for e in entries:
        z_row, text_row, hover_row = [], [], []
        for r in rows:
            cell = cells.loc[(e, r)]
            n_eval, n_total = int(cell[value]), int(cell[total])
            z_row.append(n_eval)
            text_row.append(
                _("none") if n_total == 0 else _("{n} of {total}").format(n=n_eval, total=n_total)
            )
            lines = [f"{words(g)}: {int(cell[g])}" for g in grades if g in cell]
            ids = cell.get("practice_ids", [])
            if isinstance(ids, list | tuple) and ids:
                lines.append(_("practices: {ids}").format(ids=_escape(", ".join(ids))))
            hover_row.append("<br>".join(lines))
        z.append(z_row)
        text.append(text_row)
        hover.append(hover_row)
    evaluated = [[v if v > 0 else None for v in r] for r in z]
    gaps_only = [[1 if v == 0 else None for v in r] for r in z]
    # Each cell's words are written by the one trace that colours it.
    text_evaluated = [
        [t if v > 0 else "" for t, v in zip(tr, r, strict=True)]
        for tr, r in zip(text, z, strict=True)
    ]
    text_gaps = [
        [t if v == 0 else "" for t, v in zip(tr, r, strict=True)]
        for tr, r in zip(text, z, strict=True)
    ]
    hovertemplate = "<b>%{y}</b><br>%{x}<br>%{customdata}<extra></extra>"
    fig = go.Figure(
        go.Heatmap(
            z=evaluated,
            x=x,
            y=y,
            text=text_evaluated,
            texttemplate="%{text}",
            customdata=hover,
            colorscale=[[0.0, "#c6dbef"], [1.0, "#08519c"]],
            zmin=0,
            zmax=max(1, max((max(r) for r in z), default=1)),
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": _("evaluated practices")}},
            hovertemplate=hovertemplate,
            name=_("evaluated practices"),
        )
    )
    # Cells without an evaluated practice get their own warm colour, so gaps stand out.
    fig.add_trace(
        go.Heatmap(
            z=gaps_only,
            x=x,
            y=y,
            text=text_gaps,
            texttemplate="%{text}",
            textfont={"color": "#8a3b00"},
            customdata=hover,
            colorscale=[[0.0, GAP_COLOR], [1.0, GAP_COLOR]],
            zmin=0,
            zmax=1,
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate=hovertemplate,
            name=_("no evaluated practice"),
        )
    )
    fig.update_layout(
        title=title,
        margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        height=max(360, 40 * len(y) + 60 + 18 * max((t.count("<br>") + 1 for t in x), default=1)),
        yaxis={"autorange": "reversed", "type": "category"},
        xaxis={"side": "top", "type": "category", "tickangle": 0, "automargin": True},
        legend={"orientation": "h", "y": -0.04},
        plot_bgcolor="white",
    )
    return fig


def _wrap(label: str, width: int = 22) -> str:
    """Break a long axis label into lines of about `width` characters (plotly uses <br>)."""
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def projection_chart(
    df: pd.DataFrame,
    *,
    x: str = "pc1",
    y: str = "pc2",
    color: str = "typology_name",
    hover_name: str = "city",
    hover_data: tuple[str, ...] = ("country", "year", "setting"),
    highlight: str | None = None,
    jitter: float = 0.0,
    title: str | None = None,
) -> go.Figure:
    """Contexts on two axes (the PCA projection from typology.analysis.project_2d), one trace
    per category of `color`. Axis titles come from df.attrs['axis_titles'] when present (the
    projection puts the share of variance each axis explains there).

    Contexts coded alike share a point exactly; `jitter` (a share of each axis' range) spreads
    them by a fixed pseudo-random offset so that every context can be seen and hovered.
    """
    import numpy as np

    fig = go.Figure()
    if jitter and len(df):
        rng = np.random.default_rng(0)
        df = df.copy()
        for axis in (x, y):
            values = df[axis].astype(float)
            spread = float(values.max() - values.min()) or 1.0
            df[axis] = values + rng.uniform(-jitter, jitter, size=len(df)) * spread
    colors = typology_colors(df[color].astype(str)) if len(df) else {}
    hover_data = tuple(c for c in hover_data if c in df.columns)
    # WebGL above a few thousand points: SVG scatter gets slow to draw.
    trace_type = go.Scattergl if len(df) > 5_000 else go.Scatter
    for category, group in df.groupby(df[color].astype(str), sort=True):
        muted = highlight is not None and category != highlight
        fig.add_trace(
            trace_type(
                x=group[x],
                y=group[y],
                name=_escape(category),
                mode="markers",
                marker={
                    "color": MUTED if muted else colors[category],
                    "size": 9,
                    "opacity": 0.4 if muted else 0.85,
                    "line": {"width": 0.5, "color": "white"},
                },
                text=[_escape(v) for v in group[hover_name]] if hover_name in group else None,
                customdata=group[list(hover_data)].astype(str).map(_escape).to_numpy()
                if hover_data
                else None,
                hovertemplate=_hover_template(hover_data),
            )
        )
    titles = df.attrs.get("axis_titles", {})
    fig.update_layout(
        title=title,
        xaxis={"title": {"text": titles.get(x, x)}, "zeroline": False},
        yaxis={"title": {"text": titles.get(y, y)}, "zeroline": False},
        legend={"title": {"text": ""}},
        margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        height=480,
    )
    return fig


DIAGNOSTIC_LABELS: dict[str, str] = {
    "silhouette": N_("Silhouette"),
    "calinski_harabasz": N_("Calinski-Harabasz"),
    "davies_bouldin": N_("Davies-Bouldin"),
    "stability": N_("Stability"),
}


def diagnostics_chart(
    diagnostics_df: pd.DataFrame,
    *,
    k: str = "k",
    chosen_k: int | None = None,
    title: str | None = None,
) -> go.Figure:
    """Quality and stability by k as small multiples, each titled with which direction is
    better; the chosen k is marked in every panel, the stability threshold of the k-auto rule
    is drawn as a dashed line."""
    from plotly.subplots import make_subplots

    from typology.diagnostics import BETTER, STABLE_ARI

    metrics = [m for m in DIAGNOSTIC_LABELS if m in diagnostics_df.columns]
    fig = make_subplots(
        rows=1,
        cols=len(metrics),
        subplot_titles=[
            _(DIAGNOSTIC_LABELS[m])
            + "<br>"
            + (_("(higher is better)") if BETTER[m] == "higher" else _("(lower is better)"))
            for m in metrics
        ],
        horizontal_spacing=0.07,
    )
    for col, metric in enumerate(metrics, start=1):
        fig.add_trace(
            go.Scatter(
                x=diagnostics_df[k],
                y=diagnostics_df[metric],
                name=_(DIAGNOSTIC_LABELS[metric]),
                mode="lines+markers",
                line={"color": PALETTE[0]},
                showlegend=False,
                hovertemplate="k=%{x}: %{y:.3f}<extra></extra>",
            ),
            row=1,
            col=col,
        )
        chosen = diagnostics_df[diagnostics_df[k] == chosen_k]
        if chosen_k is not None and not chosen.empty:
            fig.add_trace(
                go.Scatter(
                    x=chosen[k],
                    y=chosen[metric],
                    name=_("chosen k = {k}").format(k=chosen_k),
                    mode="markers",
                    marker={"color": PALETTE[5], "size": 14, "symbol": "star"},
                    showlegend=col == 1,
                    hovertemplate=_("chosen k = {k}").format(k=chosen_k)
                    + ": %{y:.3f}<extra></extra>",
                ),
                row=1,
                col=col,
            )
        if metric == "stability":
            fig.add_hline(y=STABLE_ARI, line_dash="dash", line_color="#888888", row=1, col=col)
        fig.update_xaxes(title_text="k", dtick=1, row=1, col=col)
    fig.update_layout(
        title=title,
        height=320,
        margin={"l": 10, "r": 10, "t": 80 if title else 60, "b": 10},
        legend={"orientation": "h", "y": -0.25},
    )
    return fig


def dendrogram_chart(
    features,
    labels,
    *,
    hover_names=None,
    max_rows: int = 1_000,
    random_state: int = 0,
    title: str | None = None,
) -> go.Figure:
    """The Ward merge tree of the feature rows, leaves coloured by typology (`labels`).

    Above `max_rows` rows a random sample is drawn (the linkage is quadratic) and the title says
    so. The dashed line is where the tree is cut to give as many groups as there are labels.
    """
    import numpy as np
    from scipy.cluster.hierarchy import dendrogram, linkage

    if title is None:
        title = _("Ward dendrogram")
    X = np.asarray(features, dtype=float)
    labels = np.asarray([str(v) for v in labels])
    names = np.asarray([str(v) for v in hover_names]) if hover_names is not None else labels
    n = len(X)
    if n > max_rows:
        rng = np.random.default_rng(random_state)
        pick = np.sort(rng.choice(n, size=max_rows, replace=False))
        X, labels, names = X[pick], labels[pick], names[pick]
        title = _("{title} (random sample of {sample} of {total} contexts)").format(
            title=title, sample=format_number(max_rows), total=format_number(n)
        )
    fig = go.Figure()
    if len(X) < 2:
        fig.update_layout(title=title)
        return fig
    Z = linkage(X, method="ward")
    tree = dendrogram(Z, no_plot=True)
    xs, ys = [], []
    for icoord, dcoord in zip(tree["icoord"], tree["dcoord"], strict=True):
        xs += [*icoord, None]
        ys += [*dcoord, None]
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": "#7f7f7f", "width": 1},
            hoverinfo="skip",
            showlegend=False,
            name="merges",
        )
    )
    leaves = np.asarray(tree["leaves"])
    positions = 5 + 10 * np.arange(len(leaves))
    colors = typology_colors(labels)
    for category in sorted(set(labels)):
        at = labels[leaves] == category
        fig.add_trace(
            go.Scatter(
                x=positions[at],
                y=np.zeros(int(at.sum())),
                mode="markers",
                name=_escape(category),
                marker={"color": colors[category], "size": 8, "symbol": "square"},
                text=[_escape(v) for v in names[leaves][at]],
                hovertemplate="%{text}<extra>%{fullData.name}</extra>",
            )
        )
    k = len(colors)
    if 1 < k <= len(Z):
        cut = (Z[-k, 2] + Z[-k + 1, 2]) / 2
        fig.add_hline(y=cut, line_dash="dash", line_color=PALETTE[5])
    fig.update_layout(
        title=title,
        xaxis={"showticklabels": False, "title": {"text": _("contexts")}, "zeroline": False},
        yaxis={"title": {"text": _("merge height (Ward distance)")}},
        legend={"title": {"text": ""}},
        height=420,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return fig
