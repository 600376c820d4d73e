/**
 * The top level of a scenario file; its keys and their defaults (8 CPUs of the default machine, 20 ms,
 * the classic `mmap-sem` scheme, seed 1) are in table.ts.
 */
import type {Scenario} from '../sim/config.ts';
import {readCosts} from './costs.ts';
import {readExpectation} from './expect.ts';
import type {Field, Fields} from './field.ts';
import {readProcess} from './process.ts';
import {injectKeys, injectMmapKeys, scenarioKeys} from './table.ts';

/**
 * Reads a whole scenario. Invalid values are reported to the field's source and replaced by
 * defaults, so the caller must discard the result when any problem was reported.
 */
export function readScenario(root: Field, defaultName: string): Scenario {
	const fields = root.map(scenarioKeys);
	const expectField = fields.get('expect');
	const expect = expectField && readExpectation(expectField);
	const cpus = fields.read('cpus');
	const socketsField = fields.get('sockets');
	const sockets = fields.read('sockets');
	// Written out, more sockets than CPUs is a mistake (a smaller --cpus caps them).
	if (socketsField && sockets !== undefined && sockets > cpus) socketsField.fail(`${sockets} sockets but ${cpus} CPUs: each socket needs at least one CPU (at most ${cpus} sockets)`);
	const smt = fields.read('smt');
	return {
		name: fields.read('name') ?? defaultName,
		description: fields.read('description') ?? '',
		cpus,
		machine: fields.read('machine'),
		...(sockets === undefined ? {} : {sockets}),
		...(smt === undefined ? {} : {smt}),
		durationNs: fields.read('duration'),
		scheme: fields.read('scheme'),
		seed: fields.read('seed'),
		memcg: fields.read('memcg'),
		costs: readCosts(fields.get('costs')),
		injectMmap: readInject(fields),
		processes: readProcesses(fields.get('processes')),
		...(expect ? {expect} : {}),
	};
}

// What the keyboard's `m` maps: `inject: {mmap: {size, kind, shared}}`.
function readInject(fields: Fields<typeof scenarioKeys>): Scenario['injectMmap'] {
	const mmap = fields.map('inject', injectKeys).map('mmap', injectMmapKeys);
	return {size: mmap.read('size'), file: mmap.read('kind') === 'file', shared: mmap.read('shared')};
}
function readProcesses(field: Field | undefined): Scenario['processes'] {
	const items = field?.items();
	if (items?.length === 0) field?.fail('a scenario needs at least one process');
	const processes: Scenario['processes'][number][] = [];
	for (const item of items ?? []) {
		const process = readProcess(item);
		if (!process) continue;
		// Names label processes on screen and in recordings, so they must tell them apart.
		if (processes.some(p => p.name === process.name)) item.fail(`duplicate process name "${process.name}"`);
		else processes.push(process);
	}
	return processes;
}
