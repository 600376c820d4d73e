#!/usr/bin/env bash
# The stream comparison of issue 13: every built-in scenario under every scheme for seeds
# 1-3, headless, recorded. Writes OUT/<scenario>.<scheme>.<seed>.{json,sha} (the summary and
# the hash of the recorded events, header and trailer lines excluded) for a diff of two trees.
# Usage: bench/streams.sh CLI OUT [DURATION]   e.g. bench/streams.sh dist/cli.js tmp/streams-after 3ms
set -euo pipefail
cli=$1 out=$2 duration=${3:-3ms}
mkdir -p "$out"
schemes="mmap-sem refcount-2010 srcu-2010 spf-v11 spf-v12 rcu-2021 per-vma"
for file in scenarios/*.yaml; do
	scenario=$(basename "$file" .yaml)
	for scheme in $schemes; do
		for seed in 1 2 3; do
			base="$out/$scenario.$scheme.$seed"
			node "$cli" "$scenario" --headless --json --scheme "$scheme" --seed "$seed" --duration "$duration" --record "$base.ndjson" >"$base.json" 2>/dev/null || true
			sed '1d;$d' "$base.ndjson" | sha256sum | cut -d' ' -f1 >"$base.sha"
			rm -f "$base.ndjson"
		done
	done
done
