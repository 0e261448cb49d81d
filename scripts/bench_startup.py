"""The plugin's startup: importing it and its ``on_config``, in a fresh interpreter each time.

    python scripts/bench_startup.py [--repeat 9] [--against REV]

Each run is a new ``python`` process that first does what a plain build of the project's
mkdocs.yml does anyway (imports MkDocs and Material's search plugin, loads the configuration
without the conceptgraph entry, makes the Markdown converter of its extensions), then times
``import conceptgraph.plugin.plugin``, the plugin's configuration check (its entry in
mkdocs.yml) and its ``on_config``. The rest of the pipeline is imported by then: the plugin
module imports the build. Prints the best and the median in milliseconds; with ``--against``,
the plugin of git revision REV is timed in turn with this tree's. Target: 50 ms.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from bench import ENV, PLUGIN, checkout, real_config, without_plugin  # noqa: E402

RUN = """
    import json, sys, time
    import markdown
    import mkdocs.commands.build
    from mkdocs.config import load_config

    config = load_config(sys.argv[1], plugins=json.loads(sys.argv[2]))
    markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    start = time.perf_counter()
    from conceptgraph.plugin.plugin import ConceptGraphPlugin

    plugin = ConceptGraphPlugin()
    errors, _ = plugin.load_config(json.loads(sys.argv[3]), config.config_file_path)
    assert not errors, errors
    plugin.on_config(config)
    print(json.dumps(time.perf_counter() - start))
"""


def plugin_entries() -> tuple[list[object], dict[str, object]]:
    """The other plugins of mkdocs.yml (as MkDocs reads their names) and the conceptgraph
    entry's options."""
    plugins = real_config()["plugins"]
    ours = next((p[PLUGIN] or {}) for p in plugins if isinstance(p, dict) and PLUGIN in p)
    return without_plugin(plugins), dict(ours)


def once(code: Path, others: list[object], options: dict[str, object]) -> float:
    """Seconds to import the plugin of ``code`` (a ``plugins/`` folder) and run its
    ``on_config``, in a new interpreter."""
    env = {**ENV, "PYTHONPATH": os.pathsep.join(filter(None, [str(code),
                                                              ENV.get("PYTHONPATH")]))}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(RUN), str(ROOT / "mkdocs.yml"),
         json.dumps(others), json.dumps(options)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    return float(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="fresh interpreters per tree")
    parser.add_argument("--against", metavar="REV", default=None,
                        help="also time the plugin of git revision REV, in turn")
    args = parser.parse_args()
    others, options = plugin_entries()
    with checkout(args.against, None) as other:
        codes = {"this tree": ROOT / "plugins"}
        if other is not None:
            codes[args.against] = other
        times: dict[str, list[float]] = {name: [] for name in codes}
        for code in codes.values():  # bytecode, as an installed plugin has it (bench.py)
            compileall.compile_dir(code, quiet=1)
        for _ in range(args.repeat):
            for name, code in codes.items():
                times[name].append(once(code, others, options))
    print("== plugin startup: import + configuration + on_config, after a plain build's imports "
          f"({args.repeat} fresh interpreters each; target 50 ms) ==")
    for name, runs in times.items():
        print(f"{name:>12}: best {min(runs) * 1000:6.1f} ms, median "
              f"{statistics.median(runs) * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
