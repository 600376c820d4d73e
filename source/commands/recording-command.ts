/**
 * The recording side of the CLI: `--record` (headless, or `--live` on the dashboard),
 * `--replay` (the dashboard, or `--headless`), `verify` and
 * `export`. A RecordError (a file that cannot be written or read) is one line on stderr and
 * its exit code: 1 damaged or unwritable, 2 a named path that cannot be used, 3 truncated.
 */
import {constants} from 'node:os';
import {resolve} from 'node:path';
import {formatNs, thousands} from '../format/numbers.ts';
import {isStdoutPath} from '../record/file-sink.ts';
import {RecordError} from '../record/record-error.ts';
import {isFdOf, leftoverPartials} from '../record/target-path.ts';
import type {Io} from '../run/io.ts';
import {prepareRun} from '../run/prepare-run.ts';
import type {RunOptions} from '../run/run-options.ts';
import {UsageError} from '../run/usage-error.ts';
import {resolveScenarioArg} from '../scenarios/index.ts';
import {defaultExportPath, exportCommand} from './export.ts';
import {recoverCommand} from './recover.ts';
import {describeEnd, replaySummary} from './replay-headless.ts';
import {reraiseSignal} from './reraise-signal.ts';
import {runRecorded} from './run-record.ts';
import {summaryOutput} from './summary-output.ts';
import {verifyCommand} from './verify.ts';


export async function runRecordingCommand(options: RunOptions, io: Io): Promise<number> {
	try {
		return await dispatch(options, io);
	} catch (error) {
		if (!(error instanceof RecordError)) throw error;
		io.stderr.write(`spf-top: ${error.message}\n`);
		return error.exitCode;
	}
}

async function dispatch(options: RunOptions, io: Io): Promise<number> {
	const read = {strict: options.strict};
	if (options.command === 'verify') {
		const {identical, truncated, report, note} = await verifyCommand(options.file!, read);
		io.stdout.write(report + '\n');
		if (note !== null) io.stderr.write(`spf-top: ${note}\n`);
		// 3: what is there is identical, but the file has no trailer (the run's end is lost).
		return !identical ? 1 : truncated ? 3 : 0;
	}
	if (options.command === 'export') {
		const file = options.file!;
		const output = options.output ?? defaultExportPath(file);
		// By identity, in exportCommand: a symlink or hard link to the recording is caught too.
		if (output !== '-' && resolve(output) === resolve(file)) throw new UsageError(`-o ${output} would overwrite the recording it reads`);
		const result = await exportCommand(file, output, io.stdout, read);
		if (result === null) return 0;
		const note = describeEnd(file, result.end);
		if (note !== null) io.stderr.write(`spf-top: ${note}\n`);
		if (output !== '-') io.stderr.write(`spf-top: wrote ${output}: ${thousands(result.traceEvents)} trace events from ${thousands(result.events)} recorded events (open it in https://ui.perfetto.dev or chrome://tracing)\n`);
		return 0;
	}
	if (options.command === 'recover') {
		const {output, result, lines, dropped} = await recoverCommand(options.file!, options.output);
		const note = dropped === 0 ? '' : ` (the ${dropped} event${dropped === 1 ? '' : 's'} of its last nanosecond left out: the cut may have split it)`;
		io.stderr.write(`spf-top: recovered ${thousands(result.events)} events up to ${formatNs(result.endNs)} from ${thousands(lines)} lines of ${options.file!} into ${output}, marked cut short${note}; the partial file is removed\n`);
		return 0;
	}
	if (options.replay !== undefined) {
		// The dashboard's modules (Ink, React) load only when it runs.
		if (!options.headless) return (await import('./dashboard-recording.ts')).runReplayDashboard(options.replay, io, read);
		const {prepared, summary, end} = await replaySummary(options.replay, read);
		const note = describeEnd(options.replay, end);
		if (note !== null) io.stderr.write(`spf-top: ${note}\n`);
		io.stdout.write(summaryOutput(prepared, summary, options.json) + '\n');
		return 0;
	}
	const file = options.record!;
	const prepared = prepareRun(options);
	const inputs = [resolveScenarioArg(options.scenario)];
	for (const partial of leftoverPartials(file)) {
		io.stderr.write(`spf-top: ${partial} is left from a run that was killed before it finished ${file}; \`spf-top recover ${partial}\` turns it into a recording\n`);
	}
	if (options.live) return (await import('./dashboard-recording.ts')).runLiveRecorded(prepared, file, io, inputs);
	const {summary, result, signal} = await runRecorded(prepared, file, io.stderr, inputs);
	// A recording on stdout keeps stdout for itself: a summary after its trailer would spoil it.
	const summaryTo = isStdoutPath(file) || isFdOf(1, file) ? io.stderr : io.stdout;
	summaryTo.write(summaryOutput(prepared, summary, options.json) + '\n');
	const size = `${(result.fileBytes / 1024 / 1024).toFixed(1)} MiB`;
	if (signal === null) {
		io.stderr.write(`spf-top: recorded ${thousands(result.events)} events to ${file} (${size})\n`);
		return 0;
	}
	io.stderr.write(`spf-top: ${signal}: stopped at ${formatNs(result.endNs)} of ${formatNs(prepared.durationNs)}; ${file} holds the ${thousands(result.events)} events so far (${size}) and is marked interrupted\n`);
	reraiseSignal(signal);
	return 128 + (constants.signals[signal] ?? 0);
}
