/**
 * A sweep as a list of jobs in one stable order (scheme, then CPU count, then seed, each as
 * given), the header that names the sweep, and the round-robin shards of it. Every shard of
 * one sweep carries the same header but for `shard`, so `merge` can tell a shard of another
 * sweep from a missing one.
 */
import {createHash} from 'node:crypto';
import {toolVersion} from '../record/tool-version.ts';
import {prepareRun, type RunRequest} from '../run/prepare-run.ts';
import {UsageError} from '../run/usage-error.ts';
import {resolveMachine, type Scenario} from '../sim/config.ts';

/** What the user asked for; see `spf-top sweep --help`. */
export interface SweepSpec {
	/** Scenario name or path; undefined means the built-in default. */
	readonly scenario?: string;
	readonly schemes: readonly string[];
	readonly cpus: readonly number[];
	readonly seeds: readonly number[];
	readonly machine?: string;
	readonly sockets?: number;
	readonly threadsPerCore?: number;
	readonly breakVariant?: string;
	readonly durationNs?: number;
}

/** `--shard index/count`, index from 1. */
export interface Shard {
	readonly index: number;
	readonly count: number;
}

/** Line 1 of a sweep's NDJSON (and the head of its JSON): the sweep itself, shard aside. */
export interface SweepHeader {
	readonly sweep: 1;
	readonly tool: string;
	readonly scenario: string;
	/** `sha256:` of the resolved scenario, so two files with the same name but other contents differ. */
	readonly scenarioHash: string;
	readonly durationNs: number;
	readonly schemes: readonly string[];
	readonly cpus: readonly number[];
	readonly seeds: readonly number[];
	/** The machine preset, as resolved (the scenario's or the default when not given). */
	readonly machine: string;
	readonly sockets: number | null;
	readonly threadsPerCore: number | null;
	readonly breakVariant: string | null;
	readonly jobs: number;
	/** `sha256:` of the job list in order: the same list, the same hash. */
	readonly jobList: string;
	readonly shard: Shard | null;
}

/** One run of the sweep; `index` is its place in the whole sweep's order. */
export interface SweepJob extends RunRequest {
	readonly index: number;
	readonly scheme: string;
	readonly cpus: number;
	/** Sockets as the machine resolves them for this CPU count (`sockets` is what was asked). */
	readonly machineSockets: number;
	readonly seed: number;
}

export interface SweepPlan {
	readonly header: SweepHeader;
	/** This shard's jobs (all of them without `--shard`), in sweep order. */
	readonly jobs: readonly SweepJob[];
}

/** Resolves the scenario once (a bad one throws here, before any run) and lays out the jobs. */
export function planSweep(spec: SweepSpec, shard: Shard | null = null): SweepPlan {
	const prepared = prepareRun({scenario: spec.scenario, cpus: spec.cpus[0], machine: spec.machine, sockets: spec.sockets, threadsPerCore: spec.threadsPerCore, seed: spec.seeds[0], scheme: spec.schemes[0], breakVariant: spec.breakVariant, durationNs: spec.durationNs});
	const all = sweepJobs(spec, prepared.scenario, prepared.durationNs);
	const header: SweepHeader = {
		sweep: 1,
		tool: toolVersion,
		scenario: prepared.scenario.name,
		scenarioHash: scenarioHash(prepared.scenario),
		durationNs: prepared.durationNs,
		schemes: spec.schemes,
		cpus: spec.cpus,
		seeds: spec.seeds,
		machine: prepared.machine.machine,
		sockets: spec.sockets ?? null,
		threadsPerCore: spec.threadsPerCore ?? null,
		breakVariant: spec.breakVariant ?? null,
		jobs: all.length,
		jobList: sha256(JSON.stringify(all.map(j => [j.scheme, j.cpus, j.seed]))),
		shard,
	};
	return {header, jobs: shard === null ? all : all.filter(j => inShard(j.index, shard))};
}

/** Round-robin: job k belongs to shard `k mod count + 1`. */
export function inShard(index: number, shard: Shard): boolean {
	return index % shard.count === shard.index - 1;
}

function sweepJobs(spec: SweepSpec, scenario: Scenario, durationNs: number): SweepJob[] {
	const jobs: SweepJob[] = [];
	for (const scheme of spec.schemes) {
		for (const cpus of spec.cpus) {
			for (const seed of spec.seeds) {
				let machineSockets: number;
				try {
					machineSockets = resolveMachine(scenario, {cpus, machine: spec.machine, sockets: spec.sockets, threadsPerCore: spec.threadsPerCore, seed, scheme, breakVariant: spec.breakVariant ?? null}).sockets;
				} catch (error) {
					throw new UsageError(`${scheme} at ${cpus} CPUs: ${(error as Error).message}`);
				}
				jobs.push({index: jobs.length, scenario: spec.scenario, scheme, breakVariant: spec.breakVariant, cpus, machine: spec.machine, sockets: spec.sockets, threadsPerCore: spec.threadsPerCore, machineSockets, seed, durationNs});
			}
		}
	}
	return jobs;
}

export function scenarioHash(scenario: Scenario): string {
	return sha256(JSON.stringify(scenario));
}

function sha256(text: string): string {
	return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}
