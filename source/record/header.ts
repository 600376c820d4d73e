/**
 * Line 1 of a recording: everything needed to simulate the run again (the resolved
 * scenario, scheme, break variant, seed, topology and every cost parameter), so the file
 * alone is enough to replay and to verify it.
 */
import type {MachineConfig, Scenario} from '../sim/config.ts';
import {maxCpus, maxThreadsPerCore, resolveMachine} from '../sim/config.ts';
import {machineNames} from '../sim/machines.ts';
import type {Params} from '../sim/params.ts';
import {defaultParams} from '../sim/params.ts';
import {formatName, formatVersion, maxObjectDepth, oldestFormatVersion} from './format.ts';
import {readCosts, readScenario} from './read-scenario.ts';
import {RecordError} from './record-error.ts';
import {boolean, checkDepth, describe, integer, isObject, object, oneOf, own, string} from './shape.ts';
import {toolVersion} from './tool-version.ts';

/** What a run is, as the CLI prepares it (`PreparedRun` has this shape). */
export interface RunDescription {
	readonly scenario: Scenario;
	readonly machine: MachineConfig;
	/** Simulated time the run was asked to last. */
	readonly durationNs: number;
}

/** A header as read back: the run description plus where the file came from. */
export interface RecordHeader extends RunDescription {
	readonly version: number;
	/** The program and version that wrote the file, e.g. `spf-top 0.1.0`. */
	readonly tool: string;
}

/** The header line's JSON text (without the newline). */
export function encodeHeader(run: RunDescription): string {
	const m = run.machine;
	return JSON.stringify({
		format: formatName,
		version: formatVersion,
		tool: toolVersion,
		scheme: m.scheme,
		breakVariant: m.breakVariant,
		memcg: m.memcg,
		seed: m.seed,
		topology: {cpus: m.cpus, sockets: m.sockets, cores: m.cores, threadsPerCore: m.threadsPerCore, machine: m.machine},
		durationNs: run.durationNs,
		params: m.params,
		scenario: run.scenario,
	});
}

/**
 * Checks a parsed line 1 and rebuilds the run from it. Throws a RecordError saying whether
 * the line is no recording at all, a newer format, or which field is wrong.
 */
export function readHeader(value: unknown): RecordHeader {
	if (!isObject(value) || own(value, 'format') !== formatName) {
		throw new RecordError(`not an spf-top recording (line 1 has no "format": "${formatName}")`);
	}
	const version = own(value, 'version');
	if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
		throw new RecordError(`line 1: header.version: expected a whole number of at least 1, got ${describe(version)}`);
	}
	if (version > formatVersion) {
		throw new RecordError(`written in recording format version ${version} (by ${describeTool(own(value, 'tool'))}); this spf-top reads versions ${oldestFormatVersion} to ${formatVersion}: upgrade spf-top to read it`);
	}
	if (version < oldestFormatVersion) {
		throw new RecordError(`written in recording format version ${version} (by ${describeTool(own(value, 'tool'))}), whose checksum does not cover the header; this spf-top reads version ${oldestFormatVersion}: record the run again`);
	}
	try {
		checkDepth(value, maxObjectDepth, 'header');
		const topology = object(own(value, 'topology'), 'header.topology');
		const cpus = integer(own(topology, 'cpus'), 'header.topology.cpus', 1, maxCpus);
		const sockets = integer(own(topology, 'sockets'), 'header.topology.sockets', 1, cpus);
		// Recordings from before SMT and machine presets spread one thread per core over the sockets.
		const threads = own(topology, 'threadsPerCore');
		const threadsPerCore = threads === undefined ? 1 : integer(threads, 'header.topology.threadsPerCore', 1, maxThreadsPerCore);
		const coreCount = own(topology, 'cores');
		const cores = coreCount === undefined ? cpus : integer(coreCount, 'header.topology.cores', Math.ceil(cpus / threadsPerCore), maxCpus);
		const preset = own(topology, 'machine');
		const machineName = preset === undefined ? undefined : oneOf(preset, 'header.topology.machine', machineNames);
		const breakVariant = own(value, 'breakVariant');
		const memcg = own(value, 'memcg');
		const overrides = {
			cpus,
			sockets,
			seed: integer(own(value, 'seed'), 'header.seed', 0),
			scheme: string(own(value, 'scheme'), 'header.scheme'),
			breakVariant: breakVariant === null ? null : string(breakVariant, 'header.breakVariant'),
			// Headers written before memcg was modelled leave it to the scenario.
			...(memcg === undefined ? {} : {memcg: boolean(memcg, 'header.memcg')}),
		};
		const scenario = readScenario(own(value, 'scenario'), 'header.scenario', cpus);
		const params: Params = {...defaultParams, ...readCosts(own(value, 'params'), 'header.params')};
		let machine: MachineConfig;
		try {
			machine = {...resolveMachine(scenario, {...overrides, machine: machineName}), sockets, cores, threadsPerCore, params};
		} catch (error) {
			throw new RecordError(`header: the scenario does not fit the recorded machine: ${(error as Error).message}`);
		}
		return {
			version,
			tool: string(own(value, 'tool'), 'header.tool'),
			scenario,
			machine,
			durationNs: integer(own(value, 'durationNs'), 'header.durationNs', 1),
		};
	} catch (error) {
		if (error instanceof RecordError) throw error.prefixed('line 1: ');
		throw error;
	}
}

function describeTool(tool: unknown): string {
	return typeof tool === 'string' ? tool.slice(0, 60) : 'an unknown tool';
}
