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
