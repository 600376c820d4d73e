/**
 * Running schemes in tests: a whole simulation with timed injections, its summary (through
 * the one `RunSummary` fold), and, when the checker fires, a readable trace of what led to
 * the first violation, ftrace style.
 */
import {resolveMachine, type MachineOverrides, type Scenario} from '../../source/sim/config.ts';
import type {Injection, SimEvent, ViolationEvent} from '../../source/sim/events.ts';
import {Simulator} from '../../source/sim/simulator.ts';
import {loadScenarioFile, resolveScenarioArg} from '../../source/scenarios/index.ts';
import {createSummary, finishSummary, foldSummary, type RunSummary} from '../../source/stream/index.ts';

export interface TimedInjection {
	readonly atNs: number;
	readonly injection: Injection;
}

export interface SimulateResult {
	readonly summary: RunSummary;
	/** Every violation, in order. */
	readonly violations: readonly ViolationEvent[];
	/** The events before (and including) the first violation, at most `traceLength` of them. */
	readonly beforeFirstViolation: readonly SimEvent[];
}

export interface SimulateOptions extends MachineOverrides {
	readonly durationNs: number;
	readonly injections?: readonly TimedInjection[];
	/** @default 60 */
	readonly traceLength?: number;
}

/** A built-in scenario (or a path). */
export function builtin(name: string): Scenario {
	return loadScenarioFile(resolveScenarioArg(name));
}

/**
 * zap-race with its race windows widened so the seed's own run crosses them: page zeroing at
 * 20 µs and expedited grace periods (5 µs RCU, 2 µs SRCU polls) keep faults in flight past
 * munmap and the grace period after it. The scenario itself runs at default costs, where
 * only explored schedules (`spf-top explore`) reach the races; a test of the mechanism
 * behind each wants them in one plain run.
 */
export function zapRaceWidened(): Scenario {
	return {...builtin('zap-race'), costs: {pageZeroNs: 20_000, rcuGpNs: 5_000, srcuPollNs: 2_000}};
}

/** Runs `scenario` for `durationNs`, applying injections at their times (in 50 µs slices). */
export function simulate(scenario: Scenario, options: SimulateOptions): SimulateResult {
	const sim = new Simulator(resolveMachine(scenario, options));
	const state = createSummary(sim.cpus);
	const injections = [...(options.injections ?? [])].sort((a, b) => a.atNs - b.atNs);
	const traceLength = options.traceLength ?? 60;
	const violations: ViolationEvent[] = [];
	let recent: SimEvent[] = [];
	let before: SimEvent[] | null = null;
	const slice = 50_000;
	let next = 0;
	for (let t = 0; t < options.durationNs; ) {
		for (; next < injections.length && injections[next]!.atNs <= t; next++) {
			// An injection for a process that does not exist is skipped, as a stray key would be.
			try {
				sim.inject(injections[next]!.injection);
			} catch {}
		}
		const nextInjection = next < injections.length ? injections[next]!.atNs : Number.POSITIVE_INFINITY;
		t = Math.min(options.durationNs, t + slice, Math.max(t + 1, nextInjection));
		const batch = sim.advance(t);
		foldSummary(state, batch);
		for (const e of batch) if (e.type === 'violation') violations.push(e);
		if (before === null) {
			const at = batch.findIndex(e => e.type === 'violation');
			if (at >= 0) before = [...recent, ...batch.slice(0, at + 1)].slice(-traceLength);
			else recent = [...recent, ...batch].slice(-traceLength * 4);
		}
	}
	return {summary: finishSummary(state, sim.now), violations, beforeFirstViolation: before ?? []};
}

/**
 * The events that led to the first violation, one per line, like ftrace:
 * `   12.345 µs  cpu3  pte_map_lock          spec-abort vma_changed 0x7f...`.
 * Only the CPUs the violation names, and machine-wide events, are shown.
 */
export function formatTrace(events: readonly SimEvent[], lines = 40): string {
	const last = events.at(-1);
	const cpus = new Set(last?.type === 'violation' ? last.cpus : events.map(e => e.cpu));
	return events
		.filter(e => cpus.has(e.cpu) || e.cpu === -1 || e.type === 'writer-begin' || e.type === 'writer-end')
		.slice(-lines)
		.map(e => `${(e.t / 1000).toFixed(3).padStart(12)} µs  cpu${String(e.cpu).padEnd(3)} ${e.fn.padEnd(28)} ${describe(e)}`)
		.join('\n');
}

function describe(e: SimEvent): string {
	const hex = (n: number): string => '0x' + n.toString(16);
	switch (e.type) {
		case 'fault-start':
			return `fault-start ${hex(e.addr)}${e.write ? ' write' : ' read'}`;
		case 'fault-end':
			return `fault-end ${hex(e.addr)} ${e.outcome} ${e.path} ${e.kind} ${e.latencyNs} ns`;
		case 'spec-abort':
			return `spec-abort ${e.reason} ${hex(e.addr)}`;
		case 'lock-contend':
		case 'lock-acquire':
		case 'lock-release':
		case 'ptl-acquire':
			return `${e.type} ${e.lock} ${e.mode}`;
		case 'writer-begin':
			return `writer-begin ${e.op} vma#${e.vma} ${hex(e.start)}-${hex(e.end)}`;
		case 'writer-end':
			return `writer-end ${e.op} vma#${e.vma}`;
		case 'vma-free':
			return `vma-free vma#${e.vma} deferred by ${e.deferredBy} ${e.deferredNs} ns`;
		case 'pgtable-free':
			return `pgtable-free ${hex(e.addr)} deferred by ${e.deferredBy}`;
		case 'violation':
			return `VIOLATION ${e.kind} cpus ${e.cpus.join(',')}: ${e.detail}`;
		default:
			return e.type;
	}
}

/** Violation counts by kind. */
export function kindsOf(violations: readonly ViolationEvent[]): Record<string, number> {
	const kinds: Record<string, number> = {};
	for (const v of violations) kinds[v.kind] = (kinds[v.kind] ?? 0) + 1;
	return kinds;
}

/** A generated or chosen case: a scenario and the machine to run it on. */
export interface Case {
	readonly scenario: Scenario;
	readonly cpus: number;
	readonly sockets: number;
	readonly seed: number;
	readonly injections: readonly TimedInjection[];
}

/** Runs a case; throws with the first violation and a readable trace of what led to it. */
export function assertNoViolation(c: Case, scheme: string, breakVariant: string | null, durationNs: number): void {
	const r = simulate(c.scenario, {cpus: c.cpus, sockets: c.sockets, seed: c.seed, scheme, breakVariant, durationNs, injections: c.injections});
	if (r.violations.length === 0) return;
	const first = r.violations[0]!;
	throw new Error(`${scheme}${breakVariant ? ` --break ${breakVariant}` : ''}: ${r.violations.length} violation(s); the first, ${first.kind} in ${first.fn}: ${first.detail}\nwhat led to it:\n${formatTrace(r.beforeFirstViolation)}`);
}
