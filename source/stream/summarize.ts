import type {OperatorFunction} from 'rxjs';
import {defer, map, reduce} from 'rxjs';
import type {SimEvent} from '../sim/events.ts';
import type {RunSummary} from './summary.ts';
import {createSummary, finishSummary, foldSummary} from './summary.ts';

export interface SummarizeOptions {
	readonly cpus: number;
	/**
	 * The simulated length of the run, read when the source completes, e.g. `() => sim.now`.
	 *
	 * @default the time of the latest event
	 */
	readonly simNs?: () => number;
}

/** Folds every batch with `foldSummary` and emits the run's `RunSummary` once the source completes. */
export function summarize(options: SummarizeOptions): OperatorFunction<readonly SimEvent[], RunSummary> {
	const {cpus, simNs} = options;
	// The accumulator is mutated in place, so each subscription needs its own.
	return source =>
		defer(() =>
			source.pipe(
				reduce(foldSummary, createSummary(cpus)),
				map(summary => finishSummary(summary, simNs ? simNs() : summary.timeNs)),
			),
		);
}
