/** `mmap` of a process mapping after its munmap: the mapping moves for every thread of the process. */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseScenario, ScenarioError} from '../../source/scenarios/index.ts';
import {resolveMachine} from '../../source/sim/config.ts';
import type {SimEvent} from '../../source/sim/events.ts';
import {Simulator} from '../../source/sim/simulator.ts';

const text = (size: string) => `name: x
description: a mapping unmapped and mapped again
cpus: 2
duration: 2ms
processes:
  - name: p
    threads: 2
    mappings:
      - {name: r, size: 256KiB}
    thread_programs:
      - thread: 0
        program:
          - think: 50us
          - munmap: r
          - mmap: {name: guard, size: 256KiB, prot: r}
          - mmap: {name: r, size: ${size}}
      - thread: 1
        program:
          - loop:
              body:
                - touch: {region: r, access: write, stride: 64KiB}
                - madvise: {region: r}
                - think: 5us
`;

test('mapping a process mapping again takes its size, or the error says so', () => {
	try {
		parseScenario(text('128KiB'), 'x.yaml');
		assert.fail('expected the scenario to be rejected');
	} catch (error) {
		assert.ok(error instanceof ScenarioError);
		assert.deepEqual(error.message.split('\n'), ['x.yaml:16:19: at processes[0].thread_programs[0].program[3].mmap: "r" is a mapping of this process of 262144 bytes: mapping it again takes the same size, or pick another name']);
	}
});

test('the other threads fault in the new place once it is mapped again, and nothing is violated', () => {
	const sim = new Simulator(resolveMachine(parseScenario(text('256KiB'), 'x.yaml')));
	const events: SimEvent[] = sim.advance(2e6);
	const allocs = events.filter(e => e.type === 'vma-alloc');
	const [first, guard, again] = allocs.slice(-3) as Extract<SimEvent, {type: 'vma-alloc'}>[];
	assert.ok(first !== undefined && guard !== undefined && again !== undefined);
	// The guard took the old place (the highest free gap, top-down), so the re-map is elsewhere, its own VMA.
	assert.equal(guard.start, first.start);
	assert.notEqual(again.start, first.start);
	assert.equal(again.end - again.start, 256 * 1024);
	const later = events.filter(e => e.type === 'fault-start' && e.t > again.t);
	assert.ok(later.length > 10, `${later.length} faults after the re-map`);
	for (const e of later) assert.ok(e.type === 'fault-start' && e.addr >= again.start && e.addr < again.end, `fault at ${e.type === 'fault-start' ? e.addr.toString(16) : ''} outside the new range`);
	assert.equal(events.filter(e => e.type === 'violation').length, 0);
});
