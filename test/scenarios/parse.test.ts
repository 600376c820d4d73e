import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {parseScenario} from '../../source/scenarios/index.ts';
import {resolveMachine} from '../../source/sim/config.ts';

test('defaults fill everything a file leaves out', () => {
	const scenario = parseScenario('description: minimal\nprocesses:\n  - {name: p, program: [think: 5us]}\n', 'dir/minimal.yaml');
	assert.deepEqual(scenario, {
		name: 'minimal',
		description: 'minimal',
		cpus: 8,
		machine: 'xeon-gold-6130-2s',
		durationNs: 20_000_000,
		scheme: 'mmap-sem',
		seed: 1,
		memcg: true,
		costs: {},
		injectMmap: {size: 8 * 1024 * 1024, file: false, shared: false},
		processes: [{name: 'p', count: 1, threads: 1, mappings: [], program: [{op: 'think', ns: 5000}], threadPrograms: []}],
	});
});

test('every step form maps onto the Step union', () => {
	const text = `
name: steps
description: every step
cpus: 4
sockets: 1
duration: 1ms
scheme: spf-v12
seed: 7
inject: {mmap: {size: 2MiB, kind: file, shared: true}}
processes:
  - name: p
    count: cpus/2
    threads: cpus-1
    mappings:
      - {name: heap, size: 1MiB}
      - {name: lib, size: 64KiB, kind: file, shared: true, prot: rx}
    program:
      - mmap: {name: buf, size: 8KiB, kind: file, prot: r}
      - touch: {region: heap}
      - touch: {region: lib, access: read, stride: 8KiB, slice: true, order: random}
      - mprotect: {region: buf, prot: none}
      - madvise: {region: heap, advice: dontneed, slice: true}
      - munmap: buf
      - munmap: {region: heap}
      - barrier:
      - barrier: true
      - barrier: {}
      - loop: {times: 3, body: [think: 100ns]}
    thread_programs:
      - thread: 0
        program: [loop: {body: [think: 1s]}]
expect: {violations: 0, min_faults: 10, min_speculative: {scheme: spf-v12, percent: 50.5}}
`;
	const scenario = parseScenario(text, 'steps.yaml');
	assert.equal(scenario.durationNs, 1_000_000);
	assert.deepEqual(scenario.injectMmap, {size: 2 * 1024 * 1024, file: true, shared: true});
	assert.deepEqual(scenario.expect, {violations: 0, minFaults: 10, minSpeculativePercent: {scheme: 'spf-v12', percent: 50.5}});
	const [process] = scenario.processes;
	assert.ok(process);
	assert.equal(process.count, 'cpus/2');
	assert.equal(process.threads, 'cpus-1');
	assert.deepEqual(process.mappings, [
		{name: 'heap', size: 1024 * 1024, file: false, shared: false, prot: 'rw'},
		{name: 'lib', size: 64 * 1024, file: true, shared: true, prot: 'rx'},
	]);
	assert.deepEqual(process.program, [
		{op: 'mmap', name: 'buf', size: 8192, file: true, shared: false, prot: 'r'},
		{op: 'touch', region: 'heap', write: true, stride: 4096, slice: false, random: false},
		{op: 'touch', region: 'lib', write: false, stride: 8192, slice: true, random: true},
		{op: 'mprotect', region: 'buf', prot: 'none'},
		{op: 'madvise', region: 'heap', slice: true},
		{op: 'munmap', region: 'buf'},
		{op: 'munmap', region: 'heap'},
		{op: 'barrier'},
		{op: 'barrier'},
		{op: 'barrier'},
		{op: 'loop', times: 3, body: [{op: 'think', ns: 100}]},
	]);
	assert.deepEqual(process.threadPrograms, [{thread: 0, program: [{op: 'loop', times: null, body: [{op: 'think', ns: 1_000_000_000}]}]}]);
});

test('JSON is accepted, and YAML anchors can share a program', () => {
	const json = '{"description": "json", "processes": [{"name": "p", "program": [{"think": "1us"}]}]}';
	assert.equal(parseScenario(json, 'j.json').processes[0]?.program.length, 1);
	const yaml = `description: anchors
processes:
  - name: a
    program: &work [think: 2us]
  - name: b
    program: *work
`;
	assert.deepEqual(parseScenario(yaml, 'a.yaml').processes.map(p => p.program), [[{op: 'think', ns: 2000}], [{op: 'think', ns: 2000}]]);
});

test('the annotated example in scenarios/README.md is a valid scenario', () => {
	const readme = readFileSync(new URL('../../scenarios/README.md', import.meta.url), 'utf8');
	const example = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
	assert.ok(example, 'README has a yaml example');
	const scenario = parseScenario(example, 'README.md');
	assert.equal(scenario.name, 'writer-vs-faults');
	assert.equal(resolveMachine(scenario).processes[0]?.threads.length, 8);
});
