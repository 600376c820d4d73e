/** `spf-top merge FILES...`: the shards of one sweep, printed as the unsharded sweep prints them. */
import type {Io} from '../run/io.ts';
import type {RunOptions} from '../run/run-options.ts';
import {MergeError, mergeSweepFiles} from '../sweep/merge.ts';
import {formatSweep, sweepSvgOf} from '../sweep/output.ts';
import {writeOutput} from './sweep-command.ts';

export async function runMerge(options: RunOptions, io: Io): Promise<number> {
	const out = options.sweep!;
	let result;
	try {
		result = mergeSweepFiles(options.files ?? []);
	} catch (error) {
		if (!(error instanceof MergeError)) throw error;
		io.stderr.write(`spf-top merge: ${error.message}\n`);
		return 1;
	}
	if (out.format === undefined && out.output === undefined && io.stdout.isTTY === true) {
		const {startSweepView} = await import('./sweep-view.tsx');
		await startSweepView(io.stdout).finish(result, out.metric);
	} else {
		writeOutput(formatSweep(result, out.format ?? 'text', out.metric), out.output, io);
	}
	if (out.svg !== undefined) writeOutput(sweepSvgOf(result, out.metric), out.svg, io);
	return 0;
}
