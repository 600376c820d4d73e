/**
 * One explored schedule, run to the checker's first violation or to the end: the unit of
 * work `explore` hands the worker pool. No summary is folded and no event kept but the
 * violation, so a schedule costs the simulation alone.
 */
import {prepareRun, type RunRequest} from '../run/prepare-run.ts';
import type {SimEvent, ViolationEvent} from '../sim/events.ts';
import type {Schedule, SiteTrace} from '../sim/schedule.ts';
import {Simulator} from '../sim/simulator.ts';

export interface ScheduleJob extends RunRequest {
	readonly kind: 'schedule';
	readonly schedule: Schedule;
	/** Record each access's code site (the search's unperturbed run, which draws are made from). */
	readonly trace?: boolean;
	/** Emit `step` events (the run `explain` draws). */
	readonly steps?: boolean;
}

export interface ScheduleOutcome {
	/** The checker's first violation, or null when the run ended clean. */
	readonly violation: ViolationEvent | null;
	/** Shared-state accesses each CPU made in the run (to the violation's slice): where stalls can go. */
	readonly accesses: readonly number[];
	/** With `trace`: the code site of every access. */
	readonly sites?: SiteTrace;
}

/** Simulated time between two looks at the abort signal. */
const sliceNs = 1_000_000;

/** Runs `job`; `onEvents` sees every batch (explain keeps them), up to and with the violation. */
export async function runSchedule(job: RunRequest & Pick<ScheduleJob, 'schedule' | 'trace' | 'steps'>, signal?: AbortSignal, onEvents?: (events: readonly SimEvent[]) => void): Promise<ScheduleOutcome> {
	const run = prepareRun(job);
	const sim = new Simulator(run.machine);
	if (job.steps === true) sim.traceSteps();
	const stalls = sim.perturb(job.schedule, job.trace === true);
	const outcome = (violation: ViolationEvent | null): ScheduleOutcome => ({violation, accesses: stalls.accesses, ...(job.trace === true ? {sites: stalls.trace(sim.siteNames)} : {})});
	for (let until = 0; until < run.durationNs; ) {
		signal?.throwIfAborted();
		until = Math.min(run.durationNs, until + sliceNs);
		const events = sim.advance(until);
		const at = events.findIndex(e => e.type === 'violation');
		onEvents?.(at === -1 ? events : events.slice(0, at + 1));
		if (at !== -1) return outcome(events[at] as ViolationEvent);
		// Let a worker hear "stop" between slices.
		await new Promise(resolve => setImmediate(resolve));
	}
	return outcome(null);
}
