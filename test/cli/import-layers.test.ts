/**
 * source/cli parses and dispatches to source/commands; the types both need (Io, RunOptions,
 * UsageError) live in source/run. A depth-first walk over every import specifier (static,
 * `import type` and dynamic `import()`) fails on any path from commands back to cli, which
 * with cli/run.ts's imports would close a circle.
 */
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';

const source = fileURLToPath(new URL('../../source/', import.meta.url));

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return /\.tsx?$/.test(entry.name) ? [path] : [];
	});
}

/** Each file (relative to source/) to the source files it imports. */
function importGraph(): Map<string, string[]> {
	const graph = new Map<string, string[]>();
	for (const file of sourceFiles(source)) {
		const text = readFileSync(file, 'utf8');
		const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm)].map(m => m[1]!);
		graph.set(
			relative(source, file),
			specifiers.map(s => relative(source, resolve(dirname(file), s))).filter(path => !path.startsWith('..')),
		);
	}
	return graph;
}

/** A chain of imports from a file under `from` to a file under `to`, or undefined if there is none. */
function importPath(graph: ReadonlyMap<string, readonly string[]>, from: string, to: string): string[] | undefined {
	const seen = new Set<string>();
	const walk = (file: string, path: string[]): string[] | undefined => {
		if (file.startsWith(to)) return path;
		if (seen.has(file)) return undefined;
		seen.add(file);
		for (const next of graph.get(file) ?? []) {
			const found = walk(next, [...path, next]);
			if (found !== undefined) return found;
		}
		return undefined;
	};
	for (const file of graph.keys()) {
		if (!file.startsWith(from)) continue;
		const found = walk(file, [file]);
		if (found !== undefined) return found;
	}
	return undefined;
}

test('the walk finds an import chain when there is one (so the checks below can fail)', () => {
	const graph = new Map([
		['commands/a.ts', ['stream/b.ts']],
		['stream/b.ts', ['cli/c.ts']],
		['cli/c.ts', ['commands/a.ts']],
	]);
	assert.deepEqual(importPath(graph, 'commands/', 'cli/'), ['commands/a.ts', 'stream/b.ts', 'cli/c.ts']);
	assert.equal(importPath(new Map([['commands/a.ts', ['stream/b.ts']]]), 'commands/', 'cli/'), undefined);
});

test('the graph is read from the source: cli/run.ts imports commands', () => {
	const graph = importGraph();
	assert.ok(graph.get('cli/run.ts')?.some(file => file.startsWith('commands/')), String(graph.get('cli/run.ts')));
});

test('nothing under source/commands imports source/cli, directly or through another module', () => {
	const path = importPath(importGraph(), 'commands/', 'cli/');
	assert.equal(path, undefined, `import circle: ${path?.join(' → ')} → (cli/run.ts) → commands/`);
});

test('source/run, below both, imports neither source/cli nor source/commands', () => {
	const graph = importGraph();
	for (const above of ['cli/', 'commands/']) {
		const path = importPath(graph, 'run/', above);
		assert.equal(path, undefined, path?.join(' → '));
	}
});
