/** Runs a machine without a UI as fast as it goes and folds every event into the summary. */
import {Simulator} from '../sim/simulator.ts';
import {simulationBatches, summarize, type RunSummary} from '../stream/index.ts';
import type {PreparedRun} from './prepare-run.ts';

/** Simulated time per tick: long enough to amortise scheduling, short enough for signals. */
const sliceNs = 1_000_000;

/**
 * `signal` stops the run between two ticks (the simulation yields to the event loop after
 * each slice) and rejects with `signal.reason`.
 */
export async function runHeadless(run: PreparedRun, signal?: AbortSignal): Promise<RunSummary> {
	const sim = new Simulator(run.machine);
	if (run.schedule !== undefined) sim.perturb(run.schedule);
	const summaries = simulationBatches(sim, {sliceNs, tickMs: 0, untilNs: run.durationNs}).pipe(summarize({cpus: sim.cpus, simNs: () => sim.now}));
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
