// --machine and --threads-per-core: checked like every flag, and carried to the machine a run builds.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {RawFlags} from '../../source/cli/flags.ts';
import {buildOptions} from '../../source/cli/options.ts';
import {prepareRun} from '../../source/run/prepare-run.ts';

const raw = (flags: Partial<RawFlags>): RawFlags => ({headless: false, json: false, live: false, strict: false, csv: false, ndjson: false, 'no-memcg': false, ...flags});

test('--machine names a preset and --threads-per-core its SMT ways; bad values name the allowed ones', () => {
	const options = buildOptions(['pft'], raw({machine: 'xeon-platinum-8180-4s', 'threads-per-core': '1', cpus: '64'}), ['machine', 'threads-per-core', 'cpus']);
	assert.equal(options.machine, 'xeon-platinum-8180-4s');
	assert.equal(options.threadsPerCore, 1);
	const {machine} = prepareRun(options);
	assert.deepEqual([machine.machine, machine.sockets, machine.cores, machine.threadsPerCore], ['xeon-platinum-8180-4s', 4, 112, 1]);
	assert.throws(() => buildOptions(['pft'], raw({machine: 'vax'}), ['machine']), /--machine "vax" is not known.*allowed: xeon-gold-6130-2s, laptop-i7-1165g7, xeon-platinum-8180-4s/);
	assert.throws(() => buildOptions(['pft'], raw({'threads-per-core': '9'}), ['threads-per-core']), /--threads-per-core/);
});

test('without flags a run gets the default server, its CPUs on socket 0 first', () => {
	const {machine} = prepareRun(buildOptions(['pft'], raw({cpus: '2'}), ['cpus']));
	assert.deepEqual([machine.machine, machine.sockets, machine.cores, machine.threadsPerCore], ['xeon-gold-6130-2s', 2, 32, 2]);
	assert.equal(machine.params.casCrossSocketNs, 136);
});
