/** `compare --real TRACE`: the trace's real figures as compare's first row. */
import type {RealRow} from '../commands/compare.ts';
import {kernelScheme} from './format-figures.ts';
import {defaultMaxEvents, importTrace} from './import-trace.ts';

/** The figures of the window `import` replays by default, so the row matches the scenario. */
export async function realRow(trace: string): Promise<RealRow> {
	const {figures, kernel, cpus} = await importTrace(trace, {fromNs: 0, toNs: Number.POSITIVE_INFINITY, maxEvents: defaultMaxEvents});
	const seconds = figures.spanNs / 1e9;
	return {
		kernel: kernelScheme(kernel),
		faults: figures.faults,
		faultsPerSec: seconds > 0 ? figures.faults / seconds : null,
		lockWaitNs: figures.lock.totalWaitNs,
		lockWaitShare: figures.spanNs > 0 ? figures.lock.totalWaitNs / (figures.spanNs * cpus) : 0,
	};
}
