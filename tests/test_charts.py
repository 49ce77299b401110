import pandas as pd

from typology.analysis import analyse
from typology.charts import profile_heatmap, typology_colors, world_map


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
