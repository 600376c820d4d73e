import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parse} from 'yaml';
import {remapSchedule} from '../../source/explore/remap-schedule.ts';
import {scenarioSize, smallerScenarios, type ScenarioDoc} from '../../source/explore/smaller-scenarios.ts';
import {parseScenario} from '../../source/scenarios/index.ts';

const text = `
name: two
description: two mappings, a writer thread
duration: 1ms
processes:
  - name: p
    threads: 4
    mappings:
      - {name: a, size: 4MiB}
      - {name: b, size: 4MiB}
    program:
      - loop:
          body:
            - touch: {region: a, access: write}
            - touch: {region: b, access: write}
            - think: 1us
    thread_programs:
      - thread: 3
        program:
          - munmap: b
          - loop:
              body:
                - madvise: {region: b}
`;

const doc = parse(text) as ScenarioDoc;
const scenario = parseScenario(text, 'two.yaml');
const cuts = smallerScenarios(doc, scenario, 4);

test('the cuts come biggest first: threads, mappings, thread programs, then steps in halves down to one', () => {
	const whats = cuts.map(c => c.what);
	assert.deepEqual(whats.slice(0, 6), ['1 thread in p', '2 threads in p', '3 threads in p', 'without mapping a', 'without mapping b', 'thread 3 running the common program']);
	assert.ok(whats.indexOf('without 2 steps') < whats.indexOf('without step think: 1us'));
	assert.ok(whats.includes('without step touch b'));
});

test('a mapping goes with every step naming it, and a loop left empty goes too', () => {
	const withoutB = cuts.find(c => c.what === 'without mapping b')!.doc;
	const p = (withoutB['processes'] as Record<string, unknown>[])[0]!;
	assert.deepEqual(p['mappings'], [{name: 'a', size: '4MiB'}]);
	assert.deepEqual(p['thread_programs'], [{thread: 3, program: []}]);
	assert.equal(JSON.stringify(p['program']).includes('"b"'), false);
	// The original is untouched.
	assert.equal(scenarioSize(doc, scenario, 4).mappings, 2);
});

test('fewer threads drop the thread programs of the threads gone', () => {
	const two = cuts.find(c => c.what === '2 threads in p')!.doc;
	const p = (two['processes'] as Record<string, unknown>[])[0]!;
	assert.equal(p['threads'], 2);
	assert.equal(p['thread_programs'], undefined);
});

test('scenarioSize counts threads, steps in every list, and mappings', () => {
	assert.deepEqual(scenarioSize(doc, scenario, 4), {threads: 4, steps: 1 + 3 + 2 + 1, mappings: 2});
});

test('a stall moves to the same occurrence of its code site on its CPU, or the last one, or goes', () => {
	const from = {names: ['find_vma', 'pte_map_lock'], perCpu: [new Uint16Array([0, 1, 0, 1, 1]), new Uint16Array([0])]};
	const to = {names: ['pte_map_lock', 'find_vma', 'srcu_read_lock'], perCpu: [new Uint16Array([2, 1, 0, 2, 0]), new Uint16Array([2])]};
	// cpu0's access 3 is its second pte_map_lock: index 4 in the new run; access 4 (the third) is past the end: the last one.
	assert.deepEqual(remapSchedule([{cpu: 0, access: 3, delayNs: 5}, {cpu: 0, access: 4, delayNs: 6}], from, to), [{cpu: 0, access: 4, delayNs: 5}, {cpu: 0, access: 4, delayNs: 6}]);
	// cpu1 never reaches find_vma in the new run: the stall goes.
	assert.deepEqual(remapSchedule([{cpu: 1, access: 0, delayNs: 1}], from, to), []);
});
