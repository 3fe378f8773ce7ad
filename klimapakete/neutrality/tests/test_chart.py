from klimapakete.neutrality import calc, chart


def test_bars_are_relative_to_the_largest_and_skip_sinks():
    result, height = chart.bars(
        {"transport": 50.0, "households": 100.0, "land_use": -10.0}, ["households", "transport"]
    )
    assert [b.key for b in result] == ["households", "transport", "land_use"]
    assert result[0].width == chart.WIDTH
    assert result[1].width == chart.WIDTH / 2
    assert result[2].width == 0
    assert height > result[-1].y


def test_path_chart_spans_base_to_target_year():
    linear = calc.linear_path(2020, 1000, 2040, 50)
    constant = calc.constant_rate_path(2020, 1000, 2040, 50)
    drawn = chart.path_chart([linear, constant])
    assert set(drawn.lines) == {"linear", "constant_rate"}
    assert drawn.x_ticks[0][1] == 2020 and drawn.x_ticks[-1][1] == 2040
    first_point = drawn.lines["linear"].split()[0]
    assert float(first_point.split(",")[0]) == drawn.plot["left"]
    assert chart.path_chart([]) is None


def test_the_target_year_tick_never_crowds_the_one_before():
    drawn = chart.path_chart([calc.linear_path(2022, 1000, 2040, 50)])
    years = [year for _, year in drawn.x_ticks]
    assert years[0] == 2022 and years[-1] == 2040
    assert all(b - a >= 3 for a, b in zip(years, years[1:], strict=False))
