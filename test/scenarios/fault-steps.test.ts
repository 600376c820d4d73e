/** The `faults:` step: a trace's real page accesses, read, validated and replayed. */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseScenario, ScenarioError} from '../../source/scenarios/index.ts';
import {resolveMachine} from '../../source/sim/config.ts';
import {Simulator} from '../../source/sim/simulator.ts';

const text = (pages: string, region = 'arena') => `name: x
description: replayed faults
cpus: 2
duration: 1ms
processes:
  - name: p
    threads: 2
    mappings:
      - {name: heap, size: 64KiB}
    thread_programs:
      - thread: 0
        program:
          - mmap: {name: arena, size: 1MiB}
          - faults: {region: heap, pages: "0-3w 5r"}
      - thread: 1
        program:
          - think: 100us
          - faults: {region: ${region}, pages: "${pages}"}
`;

function problems(source: string): string[] {
	try {
		parseScenario(source, 'x.yaml');
	} catch (error) {
		assert.ok(error instanceof ScenarioError);
		return error.message.split('\n');
	}
	return assert.fail('expected the scenario to be rejected');
}

test('reads page runs, and a region another thread of the process mmaps', () => {
	const scenario = parseScenario(text('0-1w 7r 8r'), 'x.yaml');
	const [, second] = scenario.processes[0]!.threadPrograms;
	assert.deepEqual(second?.program[1], {op: 'faults', region: 'arena', runs: [{page: 0, count: 2, write: true}, {page: 7, count: 1, write: false}, {page: 8, count: 1, write: false}]});
});

test('a bad page token and a region no program maps are located errors', () => {
	assert.deepEqual(problems(text('0-1w 9x')), ['x.yaml:18:44: at processes[0].thread_programs[1].program[1].faults.pages: page token 2 "9x" is not PAGE[-LAST] then r or w, with pages below 268435456 (e.g. "0-15w 17r")']);
	assert.deepEqual(problems(text('3-1w')).length, 1);
	assert.match(problems(text('0w', 'arenx'))[0]!, /^x\.yaml:18:30: .*unknown region "arenx" \(allowed: heap\)$/);
});

test('replays each page once: anonymous write faults, then reads of present pages do not fault', () => {
	const sim = new Simulator(resolveMachine(parseScenario(text('0-9w 0-9r 200w 300w'), 'x.yaml')));
	const faults = sim.advance(1e6).filter(e => e.type === 'fault-end');
	// Thread 0: 4 writes + 1 read in heap; thread 1: 11 writes in the arena (the reads hit, page 300 is past its end).
	assert.equal(faults.length, 5 + 11);
});
