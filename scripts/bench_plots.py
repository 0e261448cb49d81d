"""Benchmark: cold plot rendering on every core against one process, then a warm run.

Run ``python scripts/bench_plots.py``; ``make bench`` runs it after ``scripts/bench.py``. It
calls the plugin's plot functions directly (conceptgraph.media.plots), not a build.
"""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
import time

from conceptgraph.activations.registry import activations
from conceptgraph.media.cache import ContentCache
from conceptgraph.media.plotjobs import PlotJob, render_plots

# Each parameter scaled by these factors (order-preserving, so Hardtanh and RReLU stay valid):
# 21 default plots + 8 parameterised functions x 4 variations, in two themes, is over 100 jobs.
FACTORS = (0.5, 0.75, 1.5, 2.0)


def bench_jobs(count: int = 100) -> list[PlotJob]:
    """``count`` distinct activation plots (light and dark), defaults first, then variations."""
    params: list[tuple[str, dict[str, float]]] = [(name, {}) for name in activations.names()]
    for factor in FACTORS:
        for entry in activations:
            if entry.defaults:
                params.append((entry.name, {k: v * factor for k, v in entry.defaults.items()}))
    jobs = [
        PlotJob.of("activation", name, p, theme)
        for (name, p), theme in itertools.product(params, ("light", "dark"))
    ]
    if len(jobs) < count:
        raise ValueError(f"only {len(jobs)} distinct jobs; add variations")
    return jobs[:count]


def bench_plots(count: int = 100, processes: int | None = None) -> dict[str, float]:
    """Time cold parallel vs cold serial rendering of ``count`` plots, then a warm run."""
    jobs = bench_jobs(count)
    cores = processes or os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as parallel_dir, tempfile.TemporaryDirectory() as serial_dir:
        start = time.perf_counter()
        cold = render_plots(jobs, ContentCache(parallel_dir, ".svg"), processes=cores)
        parallel_s = time.perf_counter() - start

        start = time.perf_counter()
        render_plots(jobs, ContentCache(serial_dir, ".svg"), processes=1)
        serial_s = time.perf_counter() - start

        start = time.perf_counter()
        warm = render_plots(jobs, ContentCache(parallel_dir, ".svg"), processes=cores)
        warm_s = time.perf_counter() - start
    return {
        "plots": float(len(jobs)),
        "cores": float(cores),
        "cold_parallel_s": parallel_s,
        "cold_serial_s": serial_s,
        "ratio": parallel_s / serial_s,
        "cold_rendered": float(cold.misses),
        "warm_s": warm_s,
        "warm_rendered": float(warm.misses),
        # Other processes competing for the cores make the ratio meaningless; show the load.
        "load_average_1min": os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan"),
    }


def main() -> int:
    """Print the benchmark; exit 1 if the warm run rendered anything."""
    r = bench_plots()
    print(f"cold, {int(r['cores'])} processes: {r['cold_parallel_s']:.2f} s "
          f"for {int(r['plots'])} plots")
    print(f"cold, 1 process:    {r['cold_serial_s']:.2f} s")
    print(f"ratio parallel/serial: {r['ratio']:.2f} (target <= 0.6 on 2 cores)")
    print(f"load average at the end: {r['load_average_1min']:.1f} on {os.cpu_count()} cores")
    print(f"warm: {r['warm_s']:.3f} s, rendered {int(r['warm_rendered'])} plots")
    return 0 if r["warm_rendered"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
