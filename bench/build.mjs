// Bundles the benchmarks the way source/build.mjs bundles the CLI (one ESM file, React's
// production build), so they measure the code users run, not tsx's per-import getters.
// The bundle lives under node_modules/.cache so the scenarios/ lookup still finds the
// package's own scenarios walking up from it.
import {build} from 'esbuild';

await build({
	entryPoints: [new URL('run.ts', import.meta.url).pathname],
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	outfile: new URL('../node_modules/.cache/spf-top-bench/run.mjs', import.meta.url).pathname,
	define: {'process.env.NODE_ENV': '"production"'},
	banner: {js: "import {createRequire as __createRequire} from 'node:module';\nconst require = __createRequire(import.meta.url);"},
	external: ['react-devtools-core'],
	logLevel: 'warning',
});
