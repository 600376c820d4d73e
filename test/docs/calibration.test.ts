/**
 * docs/calibration.md (and the fragments docs/calibration-*.md that added mechanisms bring)
 * give every parameter of params.ts a row `| \`name\` | default | source |`: the default as
 * params.ts has it, and a source that says something.
 */
import assert from 'node:assert/strict';
import {defaultMachine} from '../../source/sim/machines.ts';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {defaultParams, paramNames, type ParamName} from '../../source/sim/params.ts';

const docs = fileURLToPath(new URL('../../docs/', import.meta.url));
const files = readdirSync(docs).filter(f => /^calibration(-[\w-]+)?\.md$/.test(f)).sort();

interface Row {
	readonly file: string;
	readonly line: number;
	readonly name: string;
	readonly defaultCell: string;
	readonly source: string;
}

/** Table rows whose first cell is one backquoted name. */
function rows(file: string): Row[] {
	return readFileSync(join(docs, file), 'utf8')
		.split('\n')
		.flatMap((text, i) => {
			const match = /^\|\s*`(\w+)`\s*\|(.*)\|\s*$/.exec(text);
			if (match === null) return [];
			const [defaultCell = '', ...rest] = match[2]!.split('|');
			return [{file, line: i + 1, name: match[1]!, defaultCell: defaultCell.trim(), source: rest.join('|').trim()}];
		});
}

const all = files.flatMap(rows);

test('docs/calibration.md is there, with the machine the defaults describe', () => {
	assert.ok(files.includes('calibration.md'));
	const text = readFileSync(join(docs, 'calibration.md'), 'utf8');
	assert.match(text, /## The machine the defaults describe/);
	assert.match(text, /two-socket Intel Xeon Scalable/);
	assert.match(text, /## Added mechanisms/);
});

const addedAt = readFileSync(join(docs, 'calibration.md'), 'utf8').split('\n').findIndex(l => l.startsWith('## Added mechanisms')) + 1;

test('every parameter of params.ts has exactly one row, with its default and a source', () => {
	for (const name of paramNames) {
		const found = all.filter(r => r.name === name);
		assert.equal(found.length, 1, `${name}: one row in ${files.join(', ')} (found ${found.length})`);
		const row = found[0]!;
		const numbers: string[] = row.defaultCell.replace(/(\d)[_,](?=\d)/g, '$1').match(/\d+/g) ?? [];
		assert.ok(numbers.includes(String(defaultParams[name])), `${row.file}:${row.line}: ${name}'s default is ${defaultParams[name]}, the row says "${row.defaultCell}"`);
		assert.ok(row.source.length >= 20, `${row.file}:${row.line}: ${name} has a source`);
		// The first table says which kind each source is; the added mechanisms' tables cite theirs.
		if (row.file === 'calibration.md' && row.line < addedAt) assert.match(row.source, /^(measured|kernel|estimate, because|reference\/schemes\.md)/, `${row.file}:${row.line}: ${name}'s source says which kind it is`);
	}
});

test('every row names a parameter of params.ts, and has a source', () => {
	const known = new Set<string>(paramNames);
	for (const row of all) {
		assert.ok(known.has(row.name as ParamName), `${row.file}:${row.line}: ${row.name} is not a parameter of params.ts`);
		assert.ok(row.source.length > 0, `${row.file}:${row.line}: ${row.name} has a source`);
	}
});

test('params.ts carries a one-line source beside every default', () => {
	const source = readFileSync(fileURLToPath(new URL('../../source/sim/params.ts', import.meta.url)), 'utf8');
	const block = source.slice(source.indexOf('export const defaultParams'), source.indexOf('};', source.indexOf('export const defaultParams')));
	// The line costs and bandwidth come from the machine preset (machines.ts), sourced in the doc.
	for (const name of paramNames.filter(n => !(n in defaultMachine.costs))) {
		assert.match(block, new RegExp(`\\n\\t${name}: [\\d_]+, // \\S`), `${name} has a comment naming its source`);
	}
});
