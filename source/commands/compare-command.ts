/** `spf-top compare`: run the comparison, print a table (Ink in a terminal, text when piped) or JSON. */
import type {Io} from '../run/io.ts';
import type {RunOptions} from '../run/run-options.ts';
import {schemeIds} from '../sim/schemes/index.ts';
import {CompareProgress, reportProgress} from './compare-progress.ts';
import {compareJson, compareSchemes, formatCompareText} from './compare.ts';
import {realRow} from '../trace/real-row.ts';
import {TraceError} from '../trace/trace-error.ts';

export async function runCompare(options: RunOptions, io: Io): Promise<number> {
	const schemes = options.schemes ?? schemeIds;
	// The trace is read first: a bad one is reported before minutes of runs.
	let real;
	try {
		real = options.real === undefined ? undefined : await realRow(options.real);
	} catch (error) {
		if (!(error instanceof TraceError)) throw error;
		io.stderr.write(`spf-top compare: --real: ${error.message}\n`);
		return 2;
	}
	// Progress goes to stderr from the start: runs at many CPUs take seconds each.
	const progress = await reportProgress(new CompareProgress(schemes.length), io.stderr, `${schemes.length} schemes on ${options.scenario ?? 'default'}`);
	let report;
	try {
		report = await compareSchemes({
			scenario: options.scenario,
			schemes,
			cpus: options.cpus,
			machine: options.machine,
			sockets: options.sockets,
			threadsPerCore: options.threadsPerCore,
			seed: options.seed,
			durationNs: options.durationNs,
			memcg: options.memcg,
			concurrency: options.jobs,
			onStart: progress.onStart,
			onDone: progress.onDone,
		});
	} finally {
		progress.stop();
	}
	if (real) report = {...report, real};

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
