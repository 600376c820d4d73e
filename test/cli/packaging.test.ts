import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
// @ts-expect-error: build.mjs is plain JavaScript without declarations.
import {bundledPackages, cliBuildOptions} from '../../source/build.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');

test('npm pack ships dist/, scenarios/, docs/ and LICENSE, and package.json names the repository', () => {
	const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {cwd: root, encoding: 'utf8'});
	assert.equal(r.status, 0, r.stderr);
	const files = new Set((JSON.parse(r.stdout) as {files: {path: string}[]}[])[0]!.files.map(f => f.path));
	for (const file of ['LICENSE', 'docs/record-format.md', 'dist/cli.js', 'scenarios/default.yaml', 'package.json']) assert.ok(files.has(file), `${file} is in the package`);
	assert.ok([...files].some(f => f.startsWith('dist/chunks/')), 'the chunks are in the package');
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {repository?: {url?: string}};
	assert.match(pkg.repository?.url ?? '', /^git\+https:\/\//);
});

test('LICENSE carries the notice of every package the bundle contains', async () => {
	const result = await build({...cliBuildOptions(), write: false});
	const packages = bundledPackages(result.metafile) as {name: string}[];
	assert.ok(packages.some(p => p.name === 'ink') && packages.some(p => p.name === 'yaml'), 'the metafile lists node_modules packages');
	const license = readFileSync(join(root, 'LICENSE'), 'utf8');
	assert.match(license, /^MIT License\n\nCopyright \(c\) \d{4} the spf-top authors/);
	for (const {name} of packages) assert.match(license, new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}@\\d[^ ]* \\(`, 'm'), `LICENSE names ${name}`);
});

/** The files `file` imports statically, and theirs: what Node loads before `file` runs. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
	if (seen.has(file)) return seen;
	seen.add(file);
	for (const match of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s*"(\.[^"]+)"|^import\s*"(\.[^"]+)"/gm)) {
		staticClosure(join(dirname(file), match[1] ?? match[2]!), seen);
	}
	return seen;
}

test('headless commands load no Ink or React: neither is in the chunks the entry or the CLI chunk import statically', () => {
	const entry = join(dist, 'cli.js');
	const main = /import\("(\.\/chunks\/main-[^"]+)"\)/.exec(readFileSync(entry, 'utf8'));
	assert.ok(main !== null, 'dist/cli.js imports the CLI chunk lazily');
	const loaded = new Set([...staticClosure(entry), ...staticClosure(join(dist, main[1]!))]);
	for (const file of loaded) {
		const text = readFileSync(file, 'utf8');
		assert.doesNotMatch(text, /node_modules\/(ink|react|react-reconciler)\//, `${file} holds no Ink or React`);
	}
	// And they are in the bundle, in chunks only the dashboard reaches.
	const all = spawnSync('grep', ['-l', 'node_modules/react-reconciler/', '-r', join(dist, 'chunks')], {encoding: 'utf8'}).stdout.trim();
	assert.notEqual(all, '', 'React is bundled');
});

test('the writer thread is an entry of its own, beside dist/cli.js, started by URL, its code in no chunk', () => {
	const thread = join(dist, 'writer-thread.js');
	const loaded = staticClosure(thread);
	for (const file of loaded) assert.doesNotMatch(readFileSync(file, 'utf8'), /node_modules\/(ink|react|rxjs|yaml)\//, `${file}: the thread loads the file output and Node built-ins only`);
	const starter = spawnSync('grep', ['-l', 'writer-thread-main.ts', '-r', join(dist, 'chunks')], {encoding: 'utf8'}).stdout.trim().split('\n')[0]!;
	assert.ok(starter !== '', 'a chunk starts the thread');
	const url = /new URL\(true \? "([^"]+)"/.exec(readFileSync(starter, 'utf8'));
	assert.equal(url && join(dirname(starter), url[1]!), thread, 'the chunk starts dist/writer-thread.js');
	// The thread's code is in its entry only, not a string of source text in a chunk (as it was, run with `eval: true`).
	const holders = spawnSync('grep', ['-rl', 'Atomics.add(flag', dist], {encoding: 'utf8'}).stdout.trim();
	assert.equal(holders, thread);
});
