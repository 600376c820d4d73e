/**
 * The search: the scenario's own run first (traced: where its accesses were), then
 * schedules drawn by `drawSchedule`, in batches on the worker pool, until one trips the checker. Within a batch every schedule
 * runs to its end and the lowest-numbered violation wins, so the schedule found is the same
 * whatever `--jobs` is: the first violating one in draw order.
 */
import {runJobs} from '../commands/run-worker.ts';
import type {RunRequest} from '../run/prepare-run.ts';
import type {ViolationEvent} from '../sim/events.ts';
import {accessProfile, drawSchedule, scheduleHitBound, type Schedule} from '../sim/schedule.ts';
import type {ScheduleJob} from './run-schedule.ts';

export interface SearchRequest extends RunRequest {
	/** Schedules to try at most, the unperturbed one included. */
	readonly schedules: number;
	/** Stalls per drawn schedule. */
	readonly depth: number;
	/** Seed of the draw (the run's own seed is `seed`). */
	readonly drawSeed: number;
	readonly concurrency?: number;
	readonly signal?: AbortSignal;
	/** Called as schedules finish: how many have, and whether one has violated. */
	readonly onProgress?: (tried: number, found: boolean) => void;
}

export interface Race {
	/** Number of the schedule in draw order; 0 is the unperturbed run. */
	readonly index: number;
	readonly schedule: Schedule;
	readonly violation: ViolationEvent;
}

export interface SearchResult {
	/** Schedules run to a verdict before the search stopped. */
	readonly tried: number;
	readonly race: Race | null;
	/** Shared-state accesses per CPU in the unperturbed run. */
	readonly accesses: readonly number[];
	/** `scheduleHitBound` for this machine and depth. */
	readonly hitBound: number;
}

export async function searchSchedules(request: SearchRequest): Promise<SearchResult> {
	const {schedules, depth, drawSeed, concurrency, signal, onProgress, ...run} = request;
	const job = (schedule: Schedule): ScheduleJob => ({...run, kind: 'schedule', schedule});
	const [base] = await runJobs([{...job([]), trace: true}], {concurrency: 1, signal});
	const accesses = base!.accesses;
	const profile = accessProfile(base!.sites!);
	const hitBound = scheduleHitBound(accesses, depth);
	onProgress?.(1, base!.violation !== null);
	if (base!.violation !== null) return {tried: 1, race: {index: 0, schedule: [], violation: base!.violation}, accesses, hitBound};
	// Workers start afresh for each batch (a tsx bootstrap each): batches long enough to pay for it.
	const batch = Math.max(8, 8 * (concurrency ?? 2));
	let tried = 1;
	while (tried < schedules) {
		const indices = Array.from({length: Math.min(batch, schedules - tried)}, (_, i) => tried + i);
		const drawn = indices.map(index => drawSchedule(drawSeed, index, profile, depth));
		let done = tried;
		const outcomes = await runJobs(drawn.map(job), {concurrency, signal, onDone: (_, outcome) => onProgress?.(++done, outcome.violation !== null)});
		const hit = outcomes.findIndex(o => o.violation !== null);
		if (hit !== -1) return {tried: indices[hit]! + 1, race: {index: indices[hit]!, schedule: drawn[hit]!, violation: outcomes[hit]!.violation!}, accesses, hitBound};
		tried += indices.length;
	}
	return {tried, race: null, accesses, hitBound};
}
