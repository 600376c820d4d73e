/**
 * The dashboard with a recording: `--live --record FILE` (the live dashboard, every event
 * and every key's injection written to FILE) and `--replay FILE` (the dashboard driven by a
 * recording, with seek keys).
 */
import {thousands} from '../format/numbers.ts';
import type {ReadOptions} from '../record/reader.ts';
import {startRecording, type Recording} from '../record/recorder.ts';
import {createReplaySource} from '../record/replay-source.ts';
import type {RecordResult} from '../record/writer.ts';
import type {Io} from '../run/io.ts';
import type {PreparedRun} from '../run/prepare-run.ts';
import {runDashboardSession} from './dashboard.tsx';
import {describeEnd, preparedFromHeader} from './replay-headless.ts';
import {reraiseSignal} from './reraise-signal.ts';

/**
 * The live dashboard recording to `file`. The recorder subscribes to the run's shared batches
 * in the tick the session starts; a quit or a signal completes the file, `s` stops it (its
 * header describes the first scheme only). Returns the dashboard's exit code, or 1 when the
 * file could not be written; a signal is re-raised once the file is finished and reported.
 */
export async function runLiveRecorded(run: PreparedRun, file: string, io: Io, inputs: readonly string[] = []): Promise<number> {
	let recording: Recording | null = null;
	let stoppedBy: string | null = null;
	const {code, signal} = await runDashboardSession(
		run,
		io,
		{
			onRestart(_previous, next) {
				if (recording === null || stoppedBy !== null) return undefined;
				stoppedBy = next.scheme;
				void recording.stop(`scheme switched to ${next.scheme}`).catch(() => {});
				// The REC marker beside it names the file.
				return `recording stopped: it holds the ${run.machine.scheme} run only`;
			},
			recording: () => (recording === null ? null : {file, bytes: (recording as Recording).bytes, stopped: stoppedBy !== null}),
		},
		{
			beforeStart(session, quit) {
				const {source} = session.run;
				// Throws a RecordError (an unwritable path) before the terminal is taken.
				recording = startRecording(session.run.batches$, {file, run, simNs: () => source.sim.now, inputs});
				// A write error mid-run ends the dashboard; it is reported below.
				recording.done.catch(() => quit());
			},
			afterStop() {
				void recording?.finish().catch(() => {});
			},
		},
	);
	if (recording === null) {
		if (signal !== null) reraiseSignal(signal);
		return code;
	}
	let result: RecordResult;
	try {
		result = await (recording as Recording).done;
	} catch (error) {
		io.stderr.write(`spf-top: ${(error as Error).message}\n`);
		return 1;
	}
	const size = `${(result.fileBytes / 1024 / 1024).toFixed(1)} MiB`;
	const how = stoppedBy === null ? '' : ` (stopped when the scheme switched to ${stoppedBy})`;
	io.stderr.write(`spf-top: recorded ${thousands(result.events)} events to ${file} (${size})${how}\n`);
	if (signal !== null) reraiseSignal(signal);
	return code;
}

/** The dashboard playing `file`: pause, speed and seek; no injections, the recorded scheme only. */
export async function runReplayDashboard(file: string, io: Io, options: ReadOptions): Promise<number> {
	const source = await createReplaySource(file, options);
	let end: {code: number; signal: NodeJS.Signals | null};
	try {
		const prepared = preparedFromHeader(source.header);
		end = await runDashboardSession(prepared, io, {source: {kind: 'replay', sim: source, file}, schemes: [prepared.machine.scheme]});
		const note = describeEnd(file, source.end);
		if (note !== null) io.stderr.write(`spf-top: ${note}\n`);
	} finally {
		source.close();
	}
	if (end.signal !== null) reraiseSignal(end.signal);
	return end.code;
}
