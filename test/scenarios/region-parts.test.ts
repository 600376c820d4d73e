/** `offset`/`size` on munmap, mprotect and madvise, and `next_to` on mmap: read, and refused where wrong. */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseScenario, ScenarioError} from '../../source/scenarios/index.ts';

const head = 'name: x\ndescription: a test scenario\nprocesses:\n  - name: p\n    mappings: [{name: heap, size: 1MiB}]\n    program:\n';

function program(steps: string[]): string {
	return head + steps.map(s => `      - ${s}\n`).join('');
}

function problems(text: string): string[] {
	try {
		parseScenario(text, 'scenarios/x.yaml');
	} catch (error) {
		assert.ok(error instanceof ScenarioError, `expected a ScenarioError, got ${String(error)}`);
		return error.message.split('\n');
	}
	return assert.fail('expected the scenario to be rejected');
}

test('offset and size read as a part of the region; next_to names a region in scope', () => {
	const scenario = parseScenario(program([
		'mmap: {name: a, size: 64KiB}',
		'mmap: {name: b, size: 64KiB, next_to: a}',
		'munmap: {region: heap, offset: 64KiB, size: 128KiB}',
		'mprotect: {region: heap, offset: 0, size: 4KiB, prot: r}',
		'madvise: {region: a, offset: 16KiB}',
		'munmap: b',
	]), 'scenarios/x.yaml');
	assert.deepEqual(scenario.processes[0]!.program, [
		{op: 'mmap', name: 'a', size: 65536, file: false, shared: false, prot: 'rw'},
		{op: 'mmap', name: 'b', size: 65536, file: false, shared: false, prot: 'rw', nextTo: 'a'},
		{op: 'munmap', region: 'heap', part: {offset: 65536, size: 131072}},
		{op: 'mprotect', region: 'heap', prot: 'r', part: {offset: 0, size: 4096}},
		{op: 'madvise', region: 'a', slice: false, part: {offset: 16384, size: 49152}},
		{op: 'munmap', region: 'b'},
	]);
});

test('a part that is not whole pages or not inside the region is an error at its key', () => {
	assert.deepEqual(problems(program([
		'munmap: {region: heap, offset: 1000B}',
		'mprotect: {region: heap, offset: 1MiB, prot: r}',
		'madvise: {region: heap, offset: 512KiB, size: 768KiB}',
		'munmap: {region: heap, size: 6KiB}',
		'mmap: {name: b, size: 4KiB, next_to: nope}',
	])), [
		'scenarios/x.yaml:7:40: at processes[0].program[0].munmap.offset: expected a multiple of the 4KiB page size, got "1000B"',
		'scenarios/x.yaml:8:42: at processes[0].program[1].mprotect.offset: offset 1024KiB is not inside the region: region "heap" is 1024KiB',
		'scenarios/x.yaml:9:55: at processes[0].program[2].madvise.size: offset 512KiB + size 768KiB reaches past the end of the region: region "heap" is 1024KiB',
		'scenarios/x.yaml:10:38: at processes[0].program[3].munmap.size: expected a positive multiple of the 4KiB page size, got "6KiB"',
		'scenarios/x.yaml:11:46: at processes[0].program[4].mmap.next_to: unknown region "nope" (allowed: heap)',
	]);
});
