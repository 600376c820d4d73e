// Bundles the CLI into one ESM file: an unbundled start imports hundreds of modules
// (450 ms to a first frame measured here; bundled 190 ms), and NODE_ENV is fixed to
// production so React's development build never runs in the dashboard. bench/build.mjs
// bundles the benchmarks with the same `bundle`.
import {build} from 'esbuild';
import {chmod} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';

/** Resolves `react-devtools-core` to a module whose functions do nothing. */
function devtoolsStub() {
	return {
		name: 'react-devtools-core-stub',
		setup(build) {
			build.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'stub'}));
			build.onLoad({filter: /.*/, namespace: 'stub'}, () => ({contents: 'export default {initialize() {}, connectToDevTools() {}};', loader: 'js'}));
		},
	};
}

/** Bundles `entry` and what it imports into the single ESM file `outfile`. */
export async function bundle(entry, outfile, {shebang = false} = {}) {
	await build({
		entryPoints: [entry],
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		outfile,
		define: {'process.env.NODE_ENV': '"production"'},
		// Bundled CommonJS dependencies still call require() for Node built-ins.
		banner: {js: `${shebang ? '#!/usr/bin/env node\n' : ''}import {createRequire as __createRequire} from 'node:module';\nconst require = __createRequire(import.meta.url);`},
		// react-devtools-core is an optional Ink import, used only with DEV=true. Bundled, Ink's
		// lazy import of it becomes a static one that fails at start-up, so it gets a stub.
		plugins: [devtoolsStub()],
		logLevel: 'warning',
	});
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const outfile = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
	await bundle(fileURLToPath(new URL('cli.tsx', import.meta.url)), outfile, {shebang: true});
	await chmod(outfile, 0o755);
}
