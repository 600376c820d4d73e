/**
 * The top level of a scenario file, with its defaults: 8 CPUs on 2 sockets, 20 ms, the
 * classic `mmap-sem` scheme, seed 1, and 8 MiB anonymous private mappings for the `m` key.
 */
import type {Scenario} from '../sim/config.ts';
import {maxCpus, maxSockets} from '../sim/config.ts';
import {schemeIds} from '../sim/schemes/index.ts';
import {readCosts} from './costs.ts';
import {readExpectation} from './expect.ts';
import type {Field} from './field.ts';
import {kinds, readMappingSize} from './mapping.ts';
import {readProcess} from './process.ts';

const keys = ['name', 'description', 'cpus', 'sockets', 'duration', 'scheme', 'seed', 'costs', 'inject', 'processes', 'expect'];

/**
 * Reads a whole scenario. Invalid values are reported to the field's source and replaced by
 * defaults, so the caller must discard the result when any problem was reported.
 */
export function readScenario(root: Field, defaultName: string): Scenario {
	const fields = root.map(keys);
	const durationField = fields?.get('duration');
	const expectField = fields?.get('expect');
	const expect = expectField && readExpectation(expectField);
	const cpus = fields?.get('cpus')?.number(1, maxCpus) ?? 8;
	const socketsField = fields?.get('sockets');
	const sockets = socketsField?.number(1, maxSockets) ?? 2;
	// Written out, more sockets than CPUs is a mistake; only the default 2 follows a smaller --cpus.
	if (socketsField && sockets > cpus) socketsField.fail(`${sockets} sockets but ${cpus} CPUs: each socket needs at least one CPU (at most ${cpus} sockets)`);
	return {
		name: fields?.get('name')?.string() ?? defaultName,
		description: fields?.require('description')?.string() ?? '',
		cpus,
		sockets,
		durationNs: durationField ? readPositiveDuration(durationField) : 20_000_000,
		scheme: fields?.get('scheme')?.choice(schemeIds) ?? 'mmap-sem',
		seed: fields?.get('seed')?.number(0) ?? 1,
		costs: readCosts(fields?.get('costs')),
		injectMmap: readInject(fields?.get('inject')),
		processes: readProcesses(fields?.require('processes')),
		...(expect ? {expect} : {}),
	};
}

function readPositiveDuration(field: Field): number {
	const ns = field.duration();
	if (ns === 0) field.fail('expected a duration above zero');
	return ns ?? 0;
}

// What the keyboard's `m` maps: `inject: {mmap: {size, kind, shared}}`.
function readInject(field: Field | undefined): Scenario['injectMmap'] {
	const mmap = field?.map(['mmap'])?.get('mmap')?.map(['size', 'kind', 'shared']);
	const sizeField = mmap?.get('size');
	return {
		size: (sizeField && readMappingSize(sizeField)) ?? 8 * 1024 * 1024,
		file: (mmap?.get('kind')?.choice(kinds) ?? 'anon') === 'file',
		shared: mmap?.get('shared')?.boolean() ?? false,
	};
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
