/** `spf-top compare`: run the comparison, print a table (Ink in a terminal, text when piped) or JSON. */
import type {RunOptions} from '../cli/options.ts';
import type {Io} from '../cli/run.ts';
import {compareJson, compareSchemes, formatCompareText} from './compare.ts';

export async function runCompare(options: RunOptions, io: Io): Promise<number> {
	const report = await compareSchemes({
		scenario: options.scenario,
		schemes: options.schemes,
		cpus: options.cpus,
		sockets: options.sockets,
		seed: options.seed,
		durationNs: options.durationNs,
		concurrency: options.jobs,
	});
	if (options.json) {
		io.stdout.write(compareJson(report) + '\n');
	} else if (io.stdout.isTTY) {
		const {renderCompareTable} = await import('./compare-table.tsx');
		await renderCompareTable(report, io.stdout);
	} else {
		io.stdout.write(formatCompareText(report) + '\n');
	}
	return 0;
}
