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
