// The checksum covers the header: the 60 targeted header edits of issue 10 (scenario name,
// description, expect, a mapping name, a cost name; 12 of each) are all rejected by verify.
// Under format version 1, 18 of them passed, and a damaged cost name fell back to the default.
import assert from 'node:assert/strict';
import {readFileSync, writeFileSync} from 'node:fs';
import {after, before, test} from 'node:test';
import {verifyRecording} from '../../source/record/verify.ts';
import {describeRun, recordRun, tempDir} from './helpers.ts';

const temp = tempDir();
after(() => temp.remove());

type Json = Record<string, any>;
let lines: string[] = [];

before(async () => {
	const file = temp.path('good.ndjson');
	await recordRun(describeRun('default', 2, 200_000), file);
	lines = readFileSync(file, 'utf8').split('\n');
});

/** Twelve edits of one kind, each a change to the parsed header. */
function edits(): [string, (h: Json) => void][] {
	const out: [string, (h: Json) => void][] = [];
	const twelve = Array.from({length: 12}, (_, i) => i);
	for (const i of twelve) out.push([`name ${i}`, h => (h.scenario.name = i % 2 === 0 ? `default${i}` : 'Default'.slice(0, 7 - (i % 3)))]);
	for (const i of twelve) out.push([`description ${i}`, h => (h.scenario.description = i === 0 ? '' : h.scenario.description.replace(/\w/, String.fromCharCode(97 + i)))]);
	for (const i of twelve) out.push([`expect ${i}`, h => (h.scenario.expect = i === 0 ? {} : {min_faults: i * 10, ...(i % 2 === 0 ? {not_speculative: ['mmap-sem']} : {})})]);
	for (const i of twelve) {
		out.push([
			`mapping name ${i}`,
			h => {
				const mappings = h.scenario.processes[0].mappings as Json[];
				mappings[i % mappings.length]!.name = `m${i}`;
			},
		]);
	}
	for (const i of twelve) {
		out.push([
			`cost name ${i}`,
			h => {
				const names = Object.keys(h.params);
				const from = names[i % names.length]!;
				// Half renamed to a name that does not exist, half to a known one (another cost's value changes).
				const to = i % 2 === 0 ? `${from}x` : names[(i + 1) % names.length]!;
				const value = h.params[from];
				delete h.params[from];
				h.params[to] = value;
				if (i % 4 === 1) h.scenario.costs = {[to]: 1};
			},
		]);
	}
	return out;
}

test('all 60 targeted header edits are rejected, each with a message naming the file', async () => {
	const all = edits();
	assert.equal(all.length, 60);
	let rejected = 0;
	const passed: string[] = [];
	for (const [name, edit] of all) {
		const header = JSON.parse(lines[0]!) as Json;
		edit(header);
		const edited = JSON.stringify(header);
		assert.notEqual(edited, lines[0], `${name} changes the header`);
		const file = temp.path(`edit-${name.replace(/ /g, '-')}.ndjson`);
		writeFileSync(file, [edited, ...lines.slice(1)].join('\n'));
		try {
			const result = await verifyRecording(file);
			if (result.identical) passed.push(name);
			else rejected++;
		} catch (error) {
			assert.equal((error as Error).name, 'RecordError', (error as Error).stack);
			assert.ok((error as Error).message.startsWith(file));
			rejected++;
		}
	}
	assert.deepEqual(passed, [], 'edits verify let through');
	assert.equal(rejected, 60);
});

test('an unknown cost name in a header is an error, not the default cost', async () => {
	const header = JSON.parse(lines[0]!) as Json;
	header.scenario.costs = {ptlHoldNsTypo: 5};
	const file = temp.path('cost.ndjson');
	writeFileSync(file, [JSON.stringify(header), ...lines.slice(1)].join('\n'));
	await assert.rejects(verifyRecording(file), /header\.scenario\.costs: "ptlHoldNsTypo" is not a cost name this spf-top knows/);
});
