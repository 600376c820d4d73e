// Bundles the CLI with esbuild: an unbundled start imports hundreds of modules (450 ms to
// a first frame measured here; bundled 190 ms), and NODE_ENV is fixed to production so
// React's development build never runs in the dashboard. The CLI is split into chunks
// (dist/cli.js, a small entry, and dist/chunks/): Ink and React sit in chunks that only the
// dashboard imports, so headless commands never load them. The recording's writer thread is an
// entry of its own (dist/writer-thread.js), started by URL. The build also writes LICENSE:
// the project's MIT licence and the notices of every package the bundle contains.
// bench/build.mjs bundles the benchmarks with the same `bundle`, as one file.
import {build} from 'esbuild';
import {chmod, readFile, rm, writeFile} from 'node:fs/promises';
import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const shebang = '#!/usr/bin/env node\n';

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

/**
 * Resolves `rxjs` to its ES2015 module build. Its package's exports send a `node` import to
 * the CommonJS build, which esbuild cannot tree-shake: all 338 KB of it were in the chunk every
 * headless command parses at start-up; the module build bundles only the operators used.
 */
function rxjsModules() {
	return {
		name: 'rxjs-es2015',
		setup(build) {
			build.onResolve({filter: /^rxjs$/}, () => ({path: join(root, 'node_modules/rxjs/dist/esm/index.js')}));
		},
	};
}

const writerThreadEntry = join(root, 'source/record/writer-thread-main.ts');

/**
 * What every bundle shares: ESM for Node 20, production React, the devtools stub, and where
 * the writer thread's entry is from the module that starts it (`writerThread`, relative).
 */
function commonOptions(writerThread) {
	return {
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		define: {'process.env.NODE_ENV': '"production"', SPF_TOP_WRITER_THREAD: JSON.stringify(writerThread)},
		// Bundled CommonJS dependencies still call require() for Node built-ins.
		banner: {js: `import {createRequire as __createRequire} from 'node:module';\nconst require = __createRequire(import.meta.url);`},
		// react-devtools-core is an optional Ink import, used only with DEV=true. Bundled, Ink's
		// lazy import of it becomes a static one that fails at start-up, so it gets a stub.
		// rxjs is bundled from its module build (rxjsModules).
		plugins: [devtoolsStub(), rxjsModules()],
		logLevel: 'warning',
	};
}

/** Bundles `entry` and what it imports into the single ESM file `outfile`, and the writer thread beside it. */
export async function bundle(entry, outfile, {shebang: withShebang = false} = {}) {
	const options = commonOptions('./writer-thread.js');
	await build({...options, entryPoints: [entry], outfile, banner: {js: `${withShebang ? shebang : ''}${options.banner.js}`}});
	await build({...options, entryPoints: [writerThreadEntry], outfile: join(dirname(outfile), 'writer-thread.js')});
}

/** The esbuild options of the CLI: dist/cli.js, dist/writer-thread.js and their chunks, with a metafile. */
export function cliBuildOptions() {
	return {
		// The module that starts the writer thread is in a chunk: dist/chunks/.
		...commonOptions('../writer-thread.js'),
		entryPoints: [
			{in: join(root, 'source/cli.tsx'), out: 'cli'},
			{in: writerThreadEntry, out: 'writer-thread'},
		],
		outdir: join(root, 'dist'),
		splitting: true,
		chunkNames: 'chunks/[name]-[hash]',
		metafile: true,
	};
}

/** The packages (name, directory) whose files the bundle contains, sorted by name. */
export function bundledPackages(metafile) {
	const dirs = new Map();
	for (const input of Object.keys(metafile.inputs)) {
		const match = /^(.*node_modules\/)((?:@[^/]+\/)?[^/]+)\//.exec(input);
		if (match !== null) dirs.set(match[2], join(root, match[1], match[2]));
	}
	return [...dirs].map(([name, dir]) => ({name, dir})).sort((a, b) => a.name.localeCompare(b.name));
}

const mitTerms = `Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.`;

/** A package's licence text: its licence file, or for an MIT package that ships none, the MIT terms with its author. */
function packageLicense(dir, pkg) {
	const file = readdirSync(dir).find(f => /^(licen[cs]e|copying)([-.][\w.-]*)?$/i.test(f));
	if (file !== undefined) return readFileSync(join(dir, file), 'utf8').trim();
	const author = typeof pkg.author === 'string' ? pkg.author : pkg.author?.name;
	if (pkg.license === 'MIT') return `(the package ships no licence file; its package.json says MIT)\n\nCopyright (c) ${author ?? 'its authors'}\n\n${mitTerms}`;
	throw new Error(`${pkg.name}: no licence file and licence ${pkg.license ?? 'unknown'}; LICENSE cannot give its notice`);
}

/** LICENSE: the project's MIT licence, then each bundled package's own licence text. */
export function licenseText(packages) {
	const notices = packages.map(({name, dir}) => {
		const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
		return `-------------------------------------------------------------------------------\n${name}@${pkg.version} (${pkg.license ?? 'no licence field'})\n\n${packageLicense(dir, pkg)}\n`;
	});
	return `MIT License

Copyright (c) 2026 the spf-top authors

${mitTerms}

===============================================================================
Third-party notices

dist/ bundles code from the packages below (the list is generated by
source/build.mjs from esbuild's metafile); each is under its own licence, given
here in full.

${notices.join('\n')}`;
}

/** Builds dist/cli.js and its chunks (old chunks removed first) and rewrites LICENSE. */
export async function buildCli() {
	await rm(join(root, 'dist/chunks'), {recursive: true, force: true});
	const result = await build(cliBuildOptions());
	const entry = join(root, 'dist/cli.js');
	await writeFile(entry, shebang + (await readFile(entry, 'utf8')));
	await chmod(entry, 0o755);
	await writeFile(join(root, 'LICENSE'), licenseText(bundledPackages(result.metafile)));
	return result.metafile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
