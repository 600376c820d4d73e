/** Scenario file plus command-line overrides → one concrete machine and run length. */
import type {Schedule} from '../sim/schedule.ts';
import {checkMachineFits, loadScenarioFile, resolveScenarioArg} from '../scenarios/index.ts';
import {resolveMachine, type MachineConfig, type Scenario} from '../sim/config.ts';
import {schemeById, schemes} from '../sim/schemes/index.ts';
import type {RunOptions} from './run-options.ts';
import {UsageError} from './usage-error.ts';

export interface PreparedRun {
	readonly scenario: Scenario;
	readonly machine: MachineConfig;
	readonly durationNs: number;
	/** An explored schedule to run under (`--schedule`), or undefined for the seed's own run. */
	readonly schedule?: Schedule;
}

/** A run as asked for: a scenario (name or path) and the overrides `spf-top` takes as flags. */
export type RunRequest = Pick<RunOptions, 'scenario' | 'scheme' | 'breakVariant' | 'cpus' | 'machine' | 'sockets' | 'threadsPerCore' | 'seed' | 'durationNs' | 'schedule' | 'memcg'>;

export function prepareRun(options: RunRequest): PreparedRun {
	const file = resolveScenarioArg(options.scenario);
	const scenario = loadScenarioFile(file);
	checkMachineFits(scenario, options.cpus ?? scenario.cpus, file);
	let machine: MachineConfig;
	try {
		machine = resolveMachine(scenario, {cpus: options.cpus, machine: options.machine, sockets: options.sockets, threadsPerCore: options.threadsPerCore, seed: options.seed, scheme: options.scheme, breakVariant: options.breakVariant ?? null, memcg: options.memcg});
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
	const scheme = schemeById(machine.scheme);
	if (machine.breakVariant !== null && !scheme.breaks.includes(machine.breakVariant)) {
		const having = schemes.filter(s => s.breaks.includes(machine.breakVariant!)).map(s => s.id);
		throw new UsageError(`--break ${machine.breakVariant}: scheme ${scheme.id} has no such protection to remove (schemes that have it: ${having.join(', ')})`);
	}
	return {scenario, machine, durationNs: options.durationNs ?? scenario.durationNs, schedule: options.schedule};
}
