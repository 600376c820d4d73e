/**
 * `spf-top [scenario] --record FILE`: one headless simulation whose batches go to the
 * recorder, which folds the run's summary for its trailer: that summary is the one printed,
 * so the events are folded once. SIGINT, SIGTERM or SIGHUP ends the run early, and the file
 * is still finished, with a trailer saying it was interrupted and how far it got; the caller
 * then re-raises the signal.
 */
import {formatNs, rate, thousands} from '../format/numbers.ts';
import {startRecording} from '../record/recorder.ts';
import type {RecordResult} from '../record/writer.ts';
import type {PreparedRun} from '../run/prepare-run.ts';
import {Simulator} from '../sim/simulator.ts';
import {simulationBatches, type RunSummary} from '../stream/index.ts';
import {startProgressLine} from './progress-line.ts';
import {headlessSliceNs} from './run-headless.ts';
import {onStopSignal} from './stop-signals.ts';

export interface RecordedRun {
	readonly summary: RunSummary;
	readonly result: RecordResult;
	/** The signal that stopped the run early, if one did. */
	readonly signal: NodeJS.Signals | null;
}

/** `inputs`: the files the run reads (its scenario), which the recording may not replace. */
export async function runRecorded(run: PreparedRun, file: string, stderr: NodeJS.WriteStream, inputs: readonly string[] = []): Promise<RecordedRun> {
	const sim = new Simulator(run.machine);
	const batches = simulationBatches(sim, {sliceNs: headlessSliceNs, tickMs: 0, untilNs: run.durationNs});
	// Created (and the header written) before anything runs: an unwritable path fails here.
	const recording = startRecording(batches, {file, run, simNs: () => sim.now, inputs});
	const started = performance.now();
	const progress = startProgressLine(stderr, () => {
		const seconds = (performance.now() - started) / 1000;
		return `recording ${formatNs(sim.now)} / ${formatNs(run.durationNs)} · ${thousands(recording.events)} events · ${rate(recording.events / Math.max(seconds, 1e-3), ' ')} events/s → ${file}`;
	});
	let signal: NodeJS.Signals | null = null;
	const onSignal = (received: NodeJS.Signals): void => {
		if (signal !== null) return;
		signal = received;
		void recording.stop(`interrupted by ${received}`);
	};
	const removeHandlers = onStopSignal(onSignal);
	// Ready: the header is written and the handlers are in place (a test, or a user, may stop it now).
	if (!stderr.isTTY) stderr.write(`spf-top: recording to ${file}\n`);
	try {
		const result = await recording.done;
		return {summary: result.summary, result, signal};
	} finally {
		progress.stop();
		removeHandlers();
	}
}
