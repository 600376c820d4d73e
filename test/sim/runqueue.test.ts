/** Threads pinned to one CPU (`cpu:` in thread_programs) take turns on it. */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseScenario} from '../../source/scenarios/index.ts';
import {resolveMachine} from '../../source/sim/config.ts';
import type {SimEvent} from '../../source/sim/events.ts';
import {Simulator} from '../../source/sim/simulator.ts';

const text = (program: string): string => `description: pinned threads
cpus: 2
duration: 5ms
processes:
  - name: p
    threads: 3
    mappings: [{name: heap, size: 1MiB}]
    thread_programs:
      - {thread: 0, cpu: 1, program: [${program}]}
      - {thread: 1, cpu: 3, program: [${program}]}
      - {thread: 2, cpu: 0, program: [${program}]}
`;

function run(program: string): {cpus: number[]; events: SimEvent[]} {
	const config = resolveMachine(parseScenario(text(program), 'pinned.yaml'));
	const sim = new Simulator(config);
	return {cpus: config.processes[0]!.threads.map(t => t.cpu), events: sim.advance(5e6)};
}

test('a cpu: pin beyond the CPU count folds onto it, and pinned threads may outnumber the CPUs', () => {
	assert.deepEqual(run('think: 1us').cpus, [1, 1, 0]);
});

test('two threads on one CPU fault one at a time, each step whole, and every fault is taken', () => {
	const {events} = run('touch: {region: heap, slice: true}');
	const ends = events.filter(e => e.type === 'fault-end');
	assert.equal(ends.length, 256);
	const base = Math.min(...ends.map(e => e.addr));
	let inFault = 0;
	const slices: number[] = [];
	for (const e of events) {
		if (e.cpu !== 1) continue;
		if (e.type === 'fault-start') {
			inFault++;
			assert.equal(inFault, 1, `two faults at once on CPU 1 at ${e.t}`);
			// Three threads' slices of 256 pages: 85 pages each.
			const slice = Math.floor((e.addr - base) / (85 * 4096));
			if (slices.at(-1) !== slice) slices.push(slice);
		}
		if (e.type === 'fault-end') inFault--;
	}
	// One thread's touch runs to its end before the other thread gets the CPU.
	assert.equal(slices.length, 2, `CPU 1 switched between its threads ${slices.length - 1} times`);
});

test('think waits off the CPU: two threads thinking 1 ms on one CPU both finish in about 1 ms', () => {
	const {events} = run('think: 1ms, touch: {region: heap, slice: true}');
	const last = Math.max(...events.filter(e => e.type === 'fault-end' && e.cpu === 1).map(e => e.t));
	assert.ok(last < 1.6e6, `CPU 1's last fault ended at ${last} ns`);
});
