"""Plot jobs, honest drawing at kinks, the content-hash cache and deterministic SVG bytes."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conceptgraph.activations.registry import activations
from conceptgraph.media import plotjobs, plots
from conceptgraph.media.cache import ContentCache
from conceptgraph.media.plotjobs import PlotJob, render_plots
from conceptgraph.media.plots import render_job
from conceptgraph.media.svgout import THEMES, figure_to_svg, new_figure


@pytest.mark.parametrize(
    ("job", "pattern"),
    [
        (PlotJob.of("activation", "relu"), r"activation-relu-[0-9a-f]{12}-light\.svg"),
        (PlotJob.of("spark", "GELU (tanh approximation)", theme="dark"),
         r"spark-gelu-tanh-approximation-[0-9a-f]{12}-dark\.svg"),
        (PlotJob.of("overlay-df", None), r"overlay-df-[0-9a-f]{12}-light\.svg"),
    ],
)
def test_filename_names_kind_function_hash_and_theme(job: PlotJob, pattern: str) -> None:
    assert re.fullmatch(pattern, job.filename)
    assert job.key[:12] in job.filename


def test_key_changes_with_everything_that_changes_the_picture() -> None:
    base = PlotJob.of("activation", "ELU")
    variants = [
        PlotJob.of("activation", "ELU", {"alpha": 2.0}),
        PlotJob.of("activation", "ELU", theme="dark"),
        PlotJob.of("spark", "ELU"),
        PlotJob.of("activation", "CELU"),
    ]
    assert len({base.key, *(v.key for v in variants)}) == 5


def test_key_ignores_how_the_same_plot_was_asked_for() -> None:
    default = PlotJob.of("activation", "ELU")
    assert PlotJob.of("activation", "elu", {"alpha": 1.0}).key == default.key
    assert PlotJob.of("activation", "ELU", {"alpha": 1}) == PlotJob("activation", "ELU",
                                                                     (("alpha", 1.0),))


def test_key_includes_the_style_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = PlotJob.of("spark", "ReLU").key
    monkeypatch.setattr(plotjobs, "PLOT_STYLE_VERSION", plotjobs.PLOT_STYLE_VERSION + 1)
    assert PlotJob.of("spark", "ReLU").key != before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("histogram", "ReLU"), "unknown plot kind"),
        (("activation", "ReLU", (), "sepia"), "unknown theme"),
        (("activation", None), "needs function name"),
        (("overlay-f", "ReLU"), "takes no function name"),
    ],
)
def test_invalid_job_is_rejected(args: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PlotJob(*args)


@pytest.mark.parametrize(
    ("name", "params", "segments", "filled", "hollow"),
    [
        ("ReLU", {}, 2, [(0.0, 0.0)], [(0.0, 1.0)]),
        ("Leaky ReLU", {}, 2, [(0.0, 0.01)], [(0.0, 1.0)]),
        ("Hardswish", {}, 3, [(-3.0, 0.0), (3.0, 1.0)], [(-3.0, -0.5), (3.0, 1.5)]),
        ("ELU", {"alpha": 1.0}, 1, [], []),  # f′ continuous: no split, no dots
        ("ELU", {"alpha": 2.0}, 2, [(0.0, 2.0)], [(0.0, 1.0)]),
        ("GELU", {}, 1, [], []),
    ],
)
def test_derivative_curve_is_split_at_jumps_with_filled_and_open_dots(
    name: str, params: dict, segments: int, filled: list, hollow: list
) -> None:
    e = activations.get(name)
    full = e.params(params)
    curve = plots._curve(e.df, full, e.kinks(full), e.xlim, 201)
    assert len(curve.segments) == segments
    flat = [v for point in curve.filled for v in point]
    assert flat == pytest.approx([v for point in filled for v in point], abs=1e-6)
    flat = [v for point in curve.hollow for v in point]
    assert flat == pytest.approx([v for point in hollow for v in point], abs=1e-6)
    for _xs, ys in curve.segments:  # no segment crosses a jump
        assert all(abs(b - a) < 0.2 for a, b in zip(ys[:-1], ys[1:], strict=True))


def test_kinks_moved_by_parameters_stay_in_the_window() -> None:
    e = activations.get("Hardtanh")
    assert plots._xlim(e, e.kinks({"min_val": -5.0, "max_val": 4.0})) == (-6.0, 5.0)


def test_dollar_signs_in_labels_are_printed_not_typeset() -> None:
    label = plots._text("costs $5 and $x^2$")
    assert label == r"costs \$5 and \$x^2\$"
    fig = new_figure(THEMES["light"])
    fig.add_subplot().set_title(label)
    assert b"costs $5 and $x^2$" in figure_to_svg(fig)


@pytest.mark.parametrize(("theme", "colour"), [("light", "#1f2328"), ("dark", "#e3e6ea")])
def test_svg_uses_the_theme_colours(theme: str, colour: str) -> None:
    svg = render_job(PlotJob.of("spark", "Tanh", theme=theme)).decode()
    assert svg.startswith("<?xml") and THEMES[theme].colors[0] in svg
    full = render_job(PlotJob.of("activation", "ReLU", theme=theme)).decode()
    assert colour in full


def test_render_plots_reads_hits_and_renders_misses(tmp_path: Path) -> None:
    cache = ContentCache(tmp_path / "cache", ".svg")
    jobs = [PlotJob.of("spark", "ReLU"), PlotJob.of("spark", "Mish", theme="dark")]
    cold = render_plots(jobs, cache, processes=1)
    assert (cold.hits, cold.misses) == (0, 2)
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == sorted(
        f"{j.key}.svg" for j in jobs
    )
    warm = render_plots([*jobs, jobs[0]], cache, processes=1)
    assert (warm.hits, warm.misses) == (2, 0)
    assert dict(warm) == dict(cold) and list(warm) == jobs
    assert warm.summary() == "rendered 2 plots, 2 from cache"


def test_parallel_rendering_gives_the_serial_bytes(tmp_path: Path) -> None:
    jobs = [PlotJob.of("spark", n) for n in ("ReLU", "SELU", "Hardswish")]
    parallel = render_plots(jobs, ContentCache(tmp_path), processes=2)
    assert parallel.misses == 3
    assert {j: render_job(j) for j in jobs} == dict(parallel)


_DIGEST = (
    "import hashlib\n"
    "from conceptgraph.media.plotjobs import PlotJob\n"
    "from conceptgraph.media.plots import render_job\n"
    "for job in (PlotJob.of('activation', 'Hardswish', theme='dark'),"
    " PlotJob.of('spark', 'ELU', {'alpha': 2.0})):\n"
    "    print(job.filename, hashlib.sha256(render_job(job)).hexdigest())\n"
)


def test_svg_bytes_are_identical_across_fresh_processes_and_hash_seeds() -> None:
    outputs = [
        subprocess.run([sys.executable, "-c", _DIGEST], env={**os.environ, "PYTHONHASHSEED": s},
                       capture_output=True, text=True, check=True).stdout
        for s in ("0", "977")
    ]
    assert outputs[0] == outputs[1]
    in_process = hashlib.sha256(render_job(PlotJob.of("spark", "ELU", {"alpha": 2.0}))).hexdigest()
    assert in_process in outputs[0]
