/** Runs a machine without a UI as fast as it goes and folds every event into the summary. */
import {lastValueFrom} from 'rxjs';
import {Simulator} from '../sim/simulator.ts';
import {simulationBatches, summarize, type RunSummary} from '../stream/index.ts';
import type {PreparedRun} from './prepare-run.ts';

/** Simulated time per tick: long enough to amortise scheduling, short enough for signals. */
const sliceNs = 1_000_000;

export async function runHeadless(run: PreparedRun): Promise<RunSummary> {
	const sim = new Simulator(run.machine);
	const batches = simulationBatches(sim, {sliceNs, tickMs: 0, untilNs: run.durationNs});
	return lastValueFrom(batches.pipe(summarize({cpus: sim.cpus, simNs: () => sim.now})));
}
