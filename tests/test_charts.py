import numpy as np
import pandas as pd
import pytest

from typology.analysis import analyse, project_2d
from typology.charts import (
    dendrogram_chart,
    diagnostics_chart,
    profile_heatmap,
    projection_chart,
    typology_colors,
    world_map,
)
from typology.schema import VIOLENCE_TYPES


def test_world_map_has_one_trace_per_typology_and_no_tiles(synthetic_contexts):
    result = analyse(synthetic_contexts, k=4)
    fig = world_map(result.contexts)
    assert len(fig.data) == 4
    assert all(trace.type == "scattergeo" for trace in fig.data)
    assert sum(len(trace.lat) for trace in fig.data) == len(synthetic_contexts)


def test_world_map_highlight_mutes_the_others(synthetic_contexts):
    result = analyse(synthetic_contexts, k=4)
    chosen = result.typologies["name"].iloc[0]
    fig = world_map(result.contexts, highlight=chosen)
    colors = {trace.name: trace.marker.color for trace in fig.data}
    assert colors[chosen] != "#c8c8c8"
    assert sum(c == "#c8c8c8" for c in colors.values()) == 3


def test_hover_text_is_escaped():
    df = pd.DataFrame(
        {
            "latitude": [0],
            "longitude": [0],
            "typology_name": ["A"],
            "city": ["<b>x</b>"],
            "country": ["c"],
            "year": [2020],
            "setting": ["stable"],
        }
    )
    fig = world_map(df)
    assert fig.data[0].text[0] == "&lt;b&gt;x&lt;/b&gt;"


def test_profile_heatmap_values_and_labels(synthetic_contexts):
    result = analyse(synthetic_contexts, k=4)
    fig = profile_heatmap(result.profile, row_labels=result.typologies["name"].tolist())
    heat = fig.data[0]
    assert heat.z.shape == (4, 7)
    assert list(heat.y) == result.typologies["name"].tolist()
    assert heat.zmin == 0 and heat.zmax == 3


def test_colors_are_stable_for_the_same_labels():
    assert typology_colors(["b", "a"]) == typology_colors(["a", "b", "a"])


def test_profile_bars_shows_one_typology_beside_the_overall_mean():
    from typology.charts import profile_bars
    from typology.schema import VIOLENCE_TYPES

    profile = pd.DataFrame([[3, 2, 1, 0, 1, 2, 3], [0, 0, 0, 0, 0, 0, 0]], index=[1, 2])
    profile.columns = list(VIOLENCE_TYPES)
    overall = pd.Series(1.5, index=list(VIOLENCE_TYPES))
    fig = profile_bars(profile, typology=1, overall=overall, name="<b>A</b>")
    typology, mean = fig.data
    assert list(typology.y) == [3, 2, 1, 0, 1, 2, 3]
    assert list(mean.y) == [1.5] * 7
    assert typology.name == "&lt;b&gt;A&lt;/b&gt;"
    assert fig.layout.yaxis.range == (0, 3.3)
    assert len(profile_bars(profile, typology=2).data) == 1


def test_composition_bar_stacks_counts_per_typology(synthetic_contexts):
    from typology.charts import composition_bar
    from typology.schema import SETTINGS

    result = analyse(synthetic_contexts, k=4)
    fig = composition_bar(result.contexts, by="setting", order=SETTINGS)
    assert fig.layout.barmode == "stack"
    assert len(fig.data) == 4
    assert sum(sum(t.y) for t in fig.data) == len(synthetic_contexts)
    assert list(fig.data[0].x) == [s.replace("_", " ") for s in SETTINGS]


def test_composition_bar_highlight_mutes_the_others(synthetic_contexts):
    from typology.charts import composition_bar

    result = analyse(synthetic_contexts, k=4)
    chosen = result.typologies["name"].iloc[1]
    fig = composition_bar(result.contexts, by="region", highlight=chosen)
    colors = {t.name: t.marker.color for t in fig.data}
    assert colors[chosen] != "#c8c8c8"
    assert sum(c == "#c8c8c8" for c in colors.values()) == 3


def test_intensity_radar_has_one_closed_trace_per_context(synthetic_contexts):
    from typology.charts import intensity_radar

    rows = synthetic_contexts.head(3).assign(label=lambda d: d["city"])
    fig = intensity_radar(rows)
    assert len(fig.data) == 3
    first = fig.data[0]
    assert first.type == "scatterpolar" and len(first.r) == 8 and first.r[0] == first.r[-1]
    assert list(first.r[:7]) == rows.iloc[0][list(VIOLENCE_TYPES)].astype(float).tolist()
    assert tuple(fig.layout.polar.radialaxis.range) == (0, 3)


def test_typology_path_follows_the_years(synthetic_contexts):
    from typology.charts import typology_path_chart

    history = pd.DataFrame({"year": [2018, 2005, 2015], "typology_name": ["B", "A", "A"]})
    fig = typology_path_chart(history, categories=["A", "B", "C"])
    path = fig.data[0]
    assert list(path.x) == [2005, 2015, 2018]
    assert list(path.y) == ["A", "A", "B"]
    assert list(fig.layout.yaxis.categoryarray) == ["A", "B", "C"]


def _gap_frame():
    import pandas as pd

    from typology.matching import evidence_gaps

    rows = pd.DataFrame(
        [
            {"practice_id": "P901", "entry_point": "community_policing",
             "evidence_grade": "effective", "settings": ["post_conflict"]},
            {"practice_id": "P902", "entry_point": "community_policing",
             "evidence_grade": "not_evaluated", "settings": ["post_conflict", "stable"]},
        ]
    )  # fmt: skip
    return evidence_gaps(rows, entry_points=["community_policing", "reintegration"])


def test_evidence_gap_heatmap_counts_text_and_gaps():
    from typology.charts import evidence_gap_heatmap

    fig = evidence_gap_heatmap(
        _gap_frame(),
        row_labels={"post_conflict": "post-conflict"},
        entry_labels={"community_policing": "community policing"},
    )
    heat, crosses = fig.data
    assert heat.type == "heatmap" and crosses.name == "no evaluated practice"
    assert list(heat.x) == ["armed_conflict", "post-conflict", "criminal_violence", "stable"]
    assert fig.layout.xaxis.tickangle == 0
    assert list(heat.y) == ["community policing", "reintegration"]
    z = [list(r) for r in heat.z]
    assert z == [[None, 1, None, None], [None, None, None, None]]
    assert heat.text[0][1] == "1 of 2" and heat.text[0][3] == ""
    assert crosses.text[0][3] == "0 of 1" and crosses.text[0][1] == ""
    assert "effective: 1" in heat.customdata[0][1] and "P901, P902" in heat.customdata[0][1]
    # the gap trace covers every cell without an evaluated practice: 8 cells, 1 evaluated
    gap_cells = [(i, j) for i, r in enumerate(crosses.z) for j, v in enumerate(r) if v == 1]
    assert len(gap_cells) == 7 and (0, 1) not in gap_cells
    assert crosses.type == "heatmap" and crosses.showscale is False
    assert crosses.text[1][0] == "none"


def test_evidence_gap_heatmap_escapes_labels():
    from typology.charts import evidence_gap_heatmap

    fig = evidence_gap_heatmap(_gap_frame(), row_labels={"stable": "<b>stable</b>"})
    assert "&lt;b&gt;stable&lt;/b&gt;" in list(fig.data[0].x)


def test_evidence_gap_heatmap_wraps_long_row_labels():
    from typology.charts import evidence_gap_heatmap

    long = "Medium large-scale and organized violence, armed conflict"
    fig = evidence_gap_heatmap(_gap_frame(), row_labels={"stable": long})
    label = fig.data[0].x[3]
    assert "<br>" in label and label.replace("<br>", " ") == long


# --- method charts: projection, diagnostics by k, dendrogram --------------------------------


@pytest.fixture
def analysis(synthetic_contexts):
    return analyse(synthetic_contexts, k=4)


def test_project_2d_adds_two_axes_and_explained_variance(analysis):
    projected = project_2d(analysis)
    assert {"pc1", "pc2", "typology_name"} <= set(projected.columns)
    assert len(projected) == len(analysis.contexts)
    shares = projected.attrs["explained_variance"]
    assert 0 < shares[1] <= shares[0] <= 1
    assert "pc1" not in analysis.contexts.columns  # the analysis is not mutated
    # The typologies are separated on the first axis more than the noise within them.
    spread = projected.groupby("typology")["pc1"].mean().std()
    assert spread > projected.groupby("typology")["pc1"].std().mean()


def test_project_2d_with_a_single_feature(synthetic_contexts):
    projected = project_2d(analyse(synthetic_contexts, k=2, features=["organized"]))
    assert (projected["pc2"] == 0).all()


def test_projection_chart_traces_axes_and_highlight(analysis):
    projected = project_2d(analysis)
    chosen = analysis.typologies["name"].iloc[1]
    fig = projection_chart(projected, highlight=chosen)
    assert len(fig.data) == 4
    assert sum(len(t.x) for t in fig.data) == len(projected)
    assert "% of variance" in fig.layout.xaxis.title.text
    assert "principal component 2" in fig.layout.yaxis.title.text
    colors = {t.name: t.marker.color for t in fig.data}
    assert colors[chosen] != "#c8c8c8"
    assert sum(c == "#c8c8c8" for c in colors.values()) == 3
    # Colours agree with the map's colours for the same typologies.
    assert colors[chosen] == typology_colors(projected["typology_name"])[chosen]


def test_projection_chart_escapes_hover_text(analysis):
    projected = project_2d(analysis)
    projected.loc[0, "city"] = "<script>x</script>"
    fig = projection_chart(projected)
    texts = [t for trace in fig.data for t in trace.text]
    assert "&lt;script&gt;x&lt;/script&gt;" in texts


def diagnostics_frame():
    return pd.DataFrame(
        {
            "k": [2, 3, 4, 5],
            "silhouette": [0.4, 0.5, 0.6, 0.45],
            "calinski_harabasz": [50.0, 80.0, 120.0, 100.0],
            "davies_bouldin": [1.2, 0.9, 0.6, 0.8],
            "stability": [0.9, 0.85, 0.95, 0.6],
        }
    )


def test_diagnostics_chart_small_multiples_with_direction_and_chosen_k():
    fig = diagnostics_chart(diagnostics_frame(), chosen_k=4)
    titles = [a.text for a in fig.layout.annotations]
    assert any("Davies-Bouldin" in t and "lower is better" in t for t in titles)
    assert any("Silhouette" in t and "higher is better" in t for t in titles)
    assert sum("is better" in t for t in titles) == 4
    lines = [t for t in fig.data if t.mode == "lines+markers"]
    assert len(lines) == 4 and list(lines[0].x) == [2, 3, 4, 5]
    stars = [t for t in fig.data if t.mode == "markers"]
    assert len(stars) == 4 and all(list(t.x) == [4] for t in stars)
    assert [t.y[0] for t in stars] == [0.6, 120.0, 0.6, 0.95]
    assert any(s.line.dash == "dash" and s.y0 == 0.75 for s in fig.layout.shapes)


def test_diagnostics_chart_without_a_chosen_k():
    fig = diagnostics_chart(diagnostics_frame())
    assert all(t.mode == "lines+markers" for t in fig.data)


def test_dendrogram_leaves_are_coloured_by_typology(analysis):
    fig = dendrogram_chart(
        analysis.features,
        analysis.contexts["typology_name"],
        hover_names=analysis.contexts["city"],
    )
    leaves = [t for t in fig.data if t.mode == "markers"]
    assert {t.name for t in leaves} == set(analysis.typologies["name"])
    assert sum(len(t.x) for t in leaves) == len(analysis.contexts)
    merges = fig.data[0]
    assert merges.mode == "lines" and max(y for y in merges.y if y is not None) > 0
    assert "sample" not in fig.layout.title.text
    assert any(s.line.dash == "dash" for s in fig.layout.shapes)  # the cut for k typologies


def test_dendrogram_is_capped_and_says_so():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(1_500, 3))
    labels = np.where(X[:, 0] > 0, "A", "B")
    fig = dendrogram_chart(X, labels, max_rows=300)
    assert sum(len(t.x) for t in fig.data if t.mode == "markers") == 300
    assert "random sample of 300 of 1,500 contexts" in fig.layout.title.text


def test_projection_jitter_spreads_identical_points_but_keeps_them_close(analysis):
    projected = project_2d(analysis)
    plain = projection_chart(projected)
    spread = projection_chart(projected, jitter=0.02)
    points = {(round(x, 9), round(y, 9)) for t in plain.data for x, y in zip(t.x, t.y, strict=True)}
    jittered = {(x, y) for t in spread.data for x, y in zip(t.x, t.y, strict=True)}
    assert len(jittered) == len(projected) > len(points)
    width = projected["pc1"].max() - projected["pc1"].min()
    for a, b in zip(plain.data, spread.data, strict=True):
        assert np.abs(np.array(a.x) - np.array(b.x)).max() <= 0.02 * width + 1e-9
    assert "pc1" in projected and projected.equals(project_2d(analysis))  # input not mutated


def test_radar_shows_an_unknown_intensity_as_a_gap_not_zero():
    """Issue 14: an empty code is unknown; the radar leaves a gap and says so on hover."""
    from typology.charts import intensity_radar

    row = {v: 2 for v in VIOLENCE_TYPES} | {"label": "X 2015", "spontaneous": pd.NA}
    frame = pd.DataFrame([row]).astype({v: "Int64" for v in VIOLENCE_TYPES})
    trace = intensity_radar(frame, label="label").data[0]
    position = list(VIOLENCE_TYPES).index("spontaneous")
    assert trace.r[position] is None
    assert trace.customdata[position] == "unknown"
    assert "1 unknown" in trace.name


def test_profile_heatmap_writes_unknown_for_an_unknown_mean(synthetic_contexts):
    """With city evidence only, a typology can have no known value of a type: 'unknown' on the
    cell, never 'NaN'."""
    result = analyse(synthetic_contexts, k=3)
    profile = result.profile.astype(float)
    profile.iloc[0, 0] = float("nan")
    fig = profile_heatmap(profile, relative_to=profile.mean())
    text = fig.data[0].text
    assert text[0][0] == "unknown"
    assert "nan" not in {str(v).lower() for v in text.ravel()}
