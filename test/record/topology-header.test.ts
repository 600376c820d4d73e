// The header carries the machine's shape (sockets, cores, SMT threads, preset), so a replay
// or verify re-simulates the same topology; headers from before presets read as they ran.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {encodeHeader, readHeader} from '../../source/record/header.ts';
import {loadScenarioFile, resolveScenarioArg} from '../../source/scenarios/index.ts';
import {resolveMachine} from '../../source/sim/config.ts';

const scenario = loadScenarioFile(resolveScenarioArg('default'));

test('a header round-trips the shape, SMT and preset of the machine', () => {
	const machine = resolveMachine(scenario, {cpus: 40, machine: 'xeon-platinum-8180-4s', threadsPerCore: 2});
	const back = readHeader(JSON.parse(encodeHeader({scenario, machine, durationNs: 1000}))).machine;
	assert.deepEqual([back.machine, back.sockets, back.cores, back.threadsPerCore], ['xeon-platinum-8180-4s', 4, 112, 2]);
	assert.equal(back.params.casSameSocketNs, 47);
});

test('a header without cores or threads (written before presets) is one thread per core, spread', () => {
	const machine = resolveMachine(scenario, {cpus: 8});
	const header = JSON.parse(encodeHeader({scenario, machine, durationNs: 1000}));
	header.topology = {cpus: 8, sockets: 2};
	const back = readHeader(header).machine;
	assert.deepEqual([back.machine, back.sockets, back.cores, back.threadsPerCore], ['xeon-gold-6130-2s', 2, 8, 1]);
});
