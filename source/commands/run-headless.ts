/** Runs a machine without a UI as fast as it goes and folds every event into the summary. */
import type {PreparedRun} from '../run/prepare-run.ts';
import {Simulator} from '../sim/simulator.ts';
import {simulationBatches, summarize, type RunSummary} from '../stream/index.ts';

/** Simulated time per tick of a run without a UI (plain or recorded): long enough to amortise scheduling, short enough for signals. */
export const headlessSliceNs = 1_000_000;

/**
 * `signal` stops the run between two ticks (the simulation yields to the event loop after
 * each slice) and rejects with `signal.reason`.
 */
export async function runHeadless(run: PreparedRun, signal?: AbortSignal): Promise<RunSummary> {
	const sim = new Simulator(run.machine);
	if (run.schedule !== undefined) sim.perturb(run.schedule);
	const summaries = simulationBatches(sim, {sliceNs: headlessSliceNs, tickMs: 0, untilNs: run.durationNs}).pipe(summarize({cpus: sim.cpus, simNs: () => sim.now}));
	signal?.throwIfAborted();
	return new Promise((resolve, reject) => {
		let last: RunSummary | undefined;
		const onAbort = (): void => {
			subscription.unsubscribe();
			reject(signal!.reason);
		};
		const subscription = summaries.subscribe({
			next: summary => (last = summary),
			error: (error: unknown) => {
				signal?.removeEventListener('abort', onAbort);
				reject(error);
			},
			complete: () => {
				signal?.removeEventListener('abort', onAbort);
				if (last === undefined) reject(new Error('the run produced no summary'));
				else resolve(last);
			},
		});
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}
