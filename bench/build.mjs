// Bundles the benchmarks the way the CLI is bundled (one ESM file, React's production
// build), so they measure the code users run, not tsx's per-import getters. The bundle
// lives under node_modules/.cache so the scenarios/ lookup still finds the package's own
// scenarios walking up from it.
import {fileURLToPath} from 'node:url';
import {bundle} from '../source/build.mjs';

await bundle(fileURLToPath(new URL('run.ts', import.meta.url)), fileURLToPath(new URL('../node_modules/.cache/spf-top-bench/run.mjs', import.meta.url)));
