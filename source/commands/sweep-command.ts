/**
 * `spf-top sweep SCENARIO`: one headless run per (scheme, CPU count, seed) on the worker
 * pool, then the chart and table (or rows as JSON, NDJSON, CSV, a Vega-Lite spec). In a
 * terminal a live progress line runs meanwhile; elsewhere stderr gets a plain line per
 * finished job. SIGINT, SIGTERM or SIGHUP stops the workers, prints what finished, and re-raises
 * the signal.
 */
import {writeFileSync} from 'node:fs';
import type {Io} from '../run/io.ts';
import type {RunOptions} from '../run/run-options.ts';
import {UsageError} from '../run/usage-error.ts';
import {formatSweep, sweepSvgOf, type SweepResult} from '../sweep/output.ts';
import {planSweep} from '../sweep/plan.ts';
import {sweepRow, type SweepRow} from '../sweep/row.ts';
import {startProgressLine} from './progress-line.ts';
import {reraiseSignal} from './reraise-signal.ts';
import {runJobs} from './run-worker.ts';
import {onStopSignal} from './stop-signals.ts';
import {describeJob, SweepProgress} from './sweep-progress.ts';

export async function runSweep(options: RunOptions, io: Io): Promise<number> {
	const out = options.sweep!;
	const plan = planSweep({...options.sweepSpec!, scenario: options.scenario, machine: options.machine, sockets: options.sockets, threadsPerCore: options.threadsPerCore, durationNs: options.durationNs}, options.shard ?? null);
	const live = out.format === undefined && out.output === undefined && io.stdout.isTTY === true;
	const progress = new SweepProgress(plan.jobs);
	const view = live ? (await import('./sweep-view.tsx')).startSweepView(io.stdout) : null;
	const line = view === null ? startProgressLine(io.stderr, () => progress.line()) : null;
	const timer = view === null ? null : setInterval(() => view.update(progress.line()), 100);
	const plainLines = view === null && io.stderr.isTTY !== true;

	const stop = new AbortController();
	let stoppedBy: NodeJS.Signals | null = null;
	const onSignal = (signal: NodeJS.Signals): void => {
		stoppedBy ??= signal;
		stop.abort(new Error(signal));
	};
	const removeHandlers = onStopSignal(onSignal);
	const rows: (SweepRow | undefined)[] = new Array(plan.jobs.length);
	try {
		await runJobs(plan.jobs, {
			concurrency: options.jobs,
			signal: stop.signal,
			onStart: position => progress.start(position),
			onDone: (position, summary) => {
				rows[position] = sweepRow(plan.header, plan.jobs[position]!, summary);
				progress.finish(position);
				if (plainLines) io.stderr.write(`spf-top sweep: ${progress.done}/${plan.jobs.length} done: ${describeJob(plan.jobs[position]!)}\n`);
			},
		});
	} catch (error) {
		if (stoppedBy === null) throw error;
	} finally {
		removeHandlers();
		if (timer !== null) clearInterval(timer);
		line?.stop();
	}

	const result: SweepResult = {header: plan.header, rows: rows.filter(r => r !== undefined)};
	if (view !== null) await view.finish(result, out.metric);
	else writeOutput(formatSweep(result, out.format ?? 'text', out.metric), out.output, io);
	if (out.svg !== undefined) writeFile(out.svg, sweepSvgOf(result, out.metric));
	if (stoppedBy !== null) {
		io.stderr.write(`spf-top: ${stoppedBy}: stopped after ${result.rows.length} of ${plan.jobs.length} jobs; printed the ${result.rows.length} that finished\n`);
		reraiseSignal(stoppedBy);
	}
	return 0;
}

export function writeOutput(text: string, output: string | undefined, io: Io): void {
	if (output === undefined) io.stdout.write(text);
	else writeFile(output, text);
}

function writeFile(file: string, text: string): void {
	try {
		writeFileSync(file, text);
	} catch (error) {
		throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	}
}
