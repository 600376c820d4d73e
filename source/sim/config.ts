/**
 * What a scenario describes, as plain data, and its resolution into one concrete machine.
 * The loader in `source/scenarios/` turns a file into a `Scenario`; `resolveMachine`
 * fixes CPU count, thread counts and parameters so the simulator sees only numbers.
 */
import {machineShape} from './machine-shape.ts';
import {defaultMachine, machineByName} from './machines.ts';
import type {ParamName, Params} from './params.ts';
import {resolveParams} from './params.ts';

/** Protection as in `mmap(2)`: any of r, w, x, or `none`. */
export type Prot = 'none' | 'r' | 'rw' | 'rx' | 'rwx';

/** A count that may follow the CPU count: `4`, `cpus`, `cpus-1`, `cpus/2`. */
export type Count = number | string;

export interface MappingSpec {
	/** Name a program refers to; unique within its process (or thread, for `mmap` steps). */
	readonly name: string;
	readonly size: number;
	readonly file: boolean;
	readonly shared: boolean;
	readonly prot: Prot;
}

/** `count` consecutive pages from page `page` of a region, read or written. */
export interface FaultRun {
	readonly page: number;
	readonly count: number;
	readonly write: boolean;
}

/** Part of a region a step acts on: bytes from its start, page-aligned and inside it. */
export interface StepPart {
	readonly offset: number;
	readonly size: number;
}

export type Step =
	/** `nextTo`: placed directly above that region if the range is free (a hint, as mmap's addr). */
	| ({readonly op: 'mmap'; readonly nextTo?: string} & MappingSpec)
	| {
			readonly op: 'touch';
			readonly region: string;
			readonly write: boolean;
			readonly stride: number;
			/** Each thread touches only its own equal slice of the region. */
			readonly slice: boolean;
			/** Visit pages in a seeded random order instead of ascending. */
			readonly random: boolean;
	  }
	| {
			readonly op: 'faults';
			readonly region: string;
			/** Pages to access in this order, as runs of consecutive pages (a trace's real faults). */
			readonly runs: readonly FaultRun[];
	  }
	| {readonly op: 'munmap'; readonly region: string; readonly part?: StepPart}
	| {readonly op: 'mprotect'; readonly region: string; readonly prot: Prot; readonly part?: StepPart}
	| {readonly op: 'madvise'; readonly region: string; readonly slice: boolean; readonly part?: StepPart}
	| {readonly op: 'think'; readonly ns: number}
	| {readonly op: 'barrier'}
	| {readonly op: 'loop'; readonly times: number | null; readonly body: readonly Step[]};

export interface ProcessSpec {
	readonly name: string;
	/** How many processes of this kind (each its own mm). */
	readonly count: Count;
	/** Threads per process, each pinned to its own CPU unless `threadPrograms` pins it. */
	readonly threads: Count;
	/** Mapped before any thread runs; shared by the process's threads. */
	readonly mappings: readonly MappingSpec[];
	/** The program every thread runs unless `threadPrograms` names it. */
	readonly program: readonly Step[];
	/** Programs for particular thread indexes (0 = first thread of each process). */
	readonly threadPrograms: readonly ThreadProgram[];
}

/** A program for one thread index, and the CPU it is pinned to when given. */
export interface ThreadProgram {
	readonly thread: number;
	/** Pinned to this CPU (modulo the machine's CPU count), shared with any other thread there. */
	readonly cpu?: number;
	readonly program: readonly Step[];
}

/**
 * What a run of a scenario must show (`expect:`), checked by `spf-top check`. Only what the
 * mechanisms guarantee: no tuned thresholds.
 */
export interface Expectation {
	/** Violations allowed under every race-free scheme (normally 0). */
	readonly violations?: number;
	readonly minSpeculativePercent?: {readonly scheme: string; readonly percent: number};
	/** At least this many faults under the scenario's own scheme. */
	readonly minFaults?: number;
	/** Schemes that must complete at least one fault speculatively (they handle these VMAs). */
	readonly speculative?: readonly string[];
	/** Schemes that must complete no fault speculatively (these VMAs or mms are outside them). */
	readonly notSpeculative?: readonly string[];
	/**
	 * Schemes, or broken variants, the checker must catch here: at least one violation; with
	 * `schedule`, under that explored schedule (what `explore --save` pins), at the scenario's seed.
	 */
	readonly caught?: readonly {readonly scheme: string; readonly breakVariant?: string; readonly schedule?: string}[];
}

export interface Scenario {
	readonly name: string;
	readonly description: string;
	readonly cpus: number;
	/** Sockets the CPUs are spread over; left out, the machine's own sockets fill in order. */
	readonly sockets?: number;
	/** A machine preset's name (machines.ts); left out, the default server. */
	readonly machine?: string;
	/** SMT threads per core; left out, the machine's. */
	readonly smt?: number;
	readonly durationNs: number;
	readonly scheme: string;
	readonly seed: number;
	/** Pages are charged to a memory cgroup (`memcg:`). */
	readonly memcg: boolean;
	readonly costs: Partial<Record<ParamName, number>>;
	readonly processes: readonly ProcessSpec[];
	/** What a keyboard `m` maps. */
	readonly injectMmap: {readonly size: number; readonly file: boolean; readonly shared: boolean};
	readonly expect?: Expectation;
}

export interface ThreadConfig {
	readonly cpu: number;
	/** Index of the thread within its process. */
	readonly index: number;
	readonly program: readonly Step[];
}

export interface ProcessConfig {
	readonly mm: number;
	readonly name: string;
	readonly mappings: readonly MappingSpec[];
	readonly threads: readonly ThreadConfig[];
}

export interface MachineConfig {
	readonly cpus: number;
	/** The machine preset the shape and line costs come from. */
	readonly machine: string;
	readonly sockets: number;
	/** Physical cores machine-wide; CPU n's core is n mod cores (see Topology). */
	readonly cores: number;
	readonly threadsPerCore: number;
	readonly seed: number;
	readonly scheme: string;
	/** Charge pages to a memory cgroup (`mem_cgroup_charge`), as on distributions with systemd. */
	readonly memcg: boolean;
	/** A deliberately removed protection (`--break`), or null. */
	readonly breakVariant: string | null;
	readonly params: Params;
	readonly processes: readonly ProcessConfig[];
}

export interface MachineOverrides {
	readonly cpus?: number;
	readonly machine?: string;
	readonly sockets?: number;
	readonly threadsPerCore?: number;
	readonly seed?: number;
	readonly scheme?: string;
	readonly breakVariant?: string | null;
	readonly memcg?: boolean;
}

export const maxCpus = 1024;

/** The cache-line model keeps a 32-bit mask of the sockets holding a line. */
export const maxSockets = 32;

/** SMT ways per core: 8 is the most any part ships (POWER8/9 SMT8). */
export const maxThreadsPerCore = 8;

/** A count written as an expression of the machine's CPUs: `cpus`, `cpus-1`, `cpus/2`. */
export const countPattern = /^\s*cpus\s*(?:([-+*/])\s*(\d+))?\s*$/;

/** Evaluates a `Count` for a machine with `cpus` CPUs; throws a readable Error when invalid. */
export function evalCount(count: Count, cpus: number): number {
	if (typeof count === 'number') return count;
	const m = countPattern.exec(count);
	if (!m) throw new Error(`count "${count}" is not a number or an expression like cpus, cpus-1, cpus/2`);
	const n = Number(m[2] ?? 0);
	if (m[1] === '/' && n === 0) throw new Error(`count "${count}" divides by zero`);
	const value = applyCount(m[1], cpus, n);
	// `cpus*99999999999999999999` must not become a loop bound of 1e20 (or Infinity).
	if (!Number.isSafeInteger(value)) throw new Error(`count "${count}" is ${value}, not a whole number a machine can have`);
	return value;
}

function applyCount(op: string | undefined, cpus: number, n: number): number {
	switch (op) {
		case '-': return cpus - n;
		case '+': return cpus + n;
		case '*': return cpus * n;
		case '/': return Math.floor(cpus / n);
		default: return cpus;
	}
}

/** Fixes every count and parameter; CPUs are handed out in order to the threads no `cpu:` pins. */
export function resolveMachine(scenario: Scenario, overrides: MachineOverrides = {}): MachineConfig {
	const cpus = overrides.cpus ?? scenario.cpus;
	const given = overrides.sockets ?? (scenario.sockets === undefined ? undefined : Math.min(scenario.sockets, cpus));
	if (!Number.isInteger(cpus) || cpus < 1 || cpus > maxCpus) throw new Error(`cpus must be an integer from 1 to ${maxCpus}, got ${cpus}`);
	if (given !== undefined && (!Number.isInteger(given) || given < 1 || given > Math.min(cpus, maxSockets))) throw new Error(`sockets must be an integer from 1 to ${Math.min(cpus, maxSockets)} (at most the CPU count and ${maxSockets}), got ${given}`);
	const preset = overrides.machine === undefined && scenario.machine === undefined ? defaultMachine : machineByName(overrides.machine ?? scenario.machine!);
	const threadsPerCore = overrides.threadsPerCore ?? scenario.smt;
	if (threadsPerCore !== undefined && (!Number.isInteger(threadsPerCore) || threadsPerCore < 1 || threadsPerCore > maxThreadsPerCore)) throw new Error(`threads per core must be an integer from 1 to ${maxThreadsPerCore}, got ${threadsPerCore}`);
	const shape = machineShape(preset, cpus, given, threadsPerCore);
	const counts = scenario.processes.map(spec => ({count: Math.max(0, evalCount(spec.count, cpus)), threads: Math.max(0, evalCount(spec.threads, cpus))}));
	// Totals first: a count of ten million must be an error, not ten million ProcessConfigs.
	const totalProcesses = counts.reduce((sum, c) => sum + c.count, 0);
	if (totalProcesses > maxCpus) throw new Error(`scenario "${scenario.name}" has ${totalProcesses} processes; at most ${maxCpus} (one per CPU at most)`);
	const totalThreads = counts.reduce((sum, c, s) => sum + c.count * unpinnedThreads(scenario.processes[s]!, c.threads), 0);
	if (totalThreads > cpus) throw new Error(threadsExceed(scenario.name, totalThreads, cpus));
	const processes: ProcessConfig[] = [];
	let nextCpu = 0;
	for (const [s, spec] of scenario.processes.entries()) {
		const {count, threads} = counts[s]!;
		for (let p = 0; p < count; p++) {
			const threadConfigs: ThreadConfig[] = [];
			for (let i = 0; i < threads; i++) {
				const own = spec.threadPrograms.find(tp => tp.thread === i);
				const cpu = own?.cpu === undefined ? nextCpu++ : own.cpu % cpus;
				threadConfigs.push({cpu, index: i, program: own ? own.program : spec.program});
			}
			processes.push({mm: processes.length, name: count > 1 ? `${spec.name}.${p}` : spec.name, mappings: spec.mappings, threads: threadConfigs});
		}
	}
	return {
		cpus,
		machine: preset.name,
		...shape,
		seed: overrides.seed ?? scenario.seed,
		scheme: overrides.scheme ?? scenario.scheme,
		memcg: overrides.memcg ?? scenario.memcg,
		breakVariant: overrides.breakVariant ?? null,
		// The preset's line costs, then the scenario's own overrides.
		params: resolveParams({...preset.costs, ...scenario.costs}),
		processes,
	};
}

/** Threads of one process that take a CPU of their own: those no `cpu:` pins. */
export function unpinnedThreads(spec: ProcessSpec, threads: number): number {
	return threads - spec.threadPrograms.filter(tp => tp.cpu !== undefined && tp.thread < threads).length;
}

/** The message for a machine with fewer CPUs than the scenario has threads. */
export function threadsExceed(scenario: string, threads: number, cpus: number): string {
	return `scenario "${scenario}" needs ${threads} threads, more than the ${cpus} CPUs available (one thread per CPU); use --cpus or a count like cpus-1`;
}
