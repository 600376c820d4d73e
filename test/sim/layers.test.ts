import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';

/**
 * The simulator's folders, lowest first: a folder may import from its own and lower ones
 * (and from the files at sim/'s top, the machine itself), never from a higher one.
 */
const layers = ['locks', 'mm', 'fault', 'schemes'] as const;
const simDir = join(import.meta.dirname, '../../source/sim');

/** `from '../X/...'` targets of every import in a file. */
function importedFolders(source: string): string[] {
	return [...source.matchAll(/from '\.\.\/([a-z-]+)\//g)].map(m => m[1]!);
}

/** "mm/munmap.ts imports schemes/" for each upward import in `layers[at]`'s files. */
function upwardImports(folder: string, at: number): string[] {
	const found: string[] = [];
	for (const file of readdirSync(join(simDir, folder))) {
		for (const target of importedFolders(readFileSync(join(simDir, folder, file), 'utf8'))) {
			const level = layers.indexOf(target as (typeof layers)[number]);
			if (level > at) found.push(`${folder}/${file} imports ${target}/`);
		}
	}
	return found;
}

test('no folder of the simulator imports from a folder above it (locks < mm < fault < schemes)', () => {
	assert.deepEqual(layers.flatMap((folder, at) => upwardImports(folder, at)), []);
});

test('the scan sees an upward import when there is one', () => {
	assert.deepEqual(importedFolders("import {x} from '../schemes/scheme.ts';\nimport {y} from './vma.ts';"), ['schemes']);
	// Each folder has files the scan reads (a wrong path would make the first test vacuous).
	for (const folder of layers) assert.ok(readdirSync(join(simDir, folder)).length > 0, folder);
});
