// Bundles the benchmarks the way the CLI is bundled (one ESM file, React's production
// build), so they measure the code users run, not tsx's per-import getters. The bundle
// lives under the package's tmp/ (ignored by git, and not the node_modules a worktree may
// share with others) so the scenarios/ lookup still finds the package's own scenarios
// walking up from it.
import {fileURLToPath} from 'node:url';
import {bundle} from '../source/build.mjs';

await bundle(fileURLToPath(new URL('run.ts', import.meta.url)), fileURLToPath(new URL('../tmp/bench/run.mjs', import.meta.url)));
