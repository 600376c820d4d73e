/**
 * The recorder as one more subscriber of the shared batch source (the UI or the headless
 * summary being the other): every batch is written, and folded into the summary the trailer
 * carries. Injections need no log of their own: `sim.inject()` emits an `inject` event at
 * the exact simulated time, and that event is recorded like any other.
 */
import type {Observable, Subscription} from 'rxjs';
import type {SimEvent} from '../sim/events.ts';
import {createSummary, finishSummary, foldSummary} from '../stream/index.ts';
import type {RunDescription} from './header.ts';
import {RecordError} from './record-error.ts';
import {RecordWriter, type RecordResult, type RecordWriterOptions} from './writer.ts';

export interface RecordingOptions extends RecordWriterOptions {
	readonly file: string;
	readonly run: RunDescription;
	/** Simulated time reached, read when the recording ends, e.g. `() => sim.now`. */
	readonly simNs: () => number;
}

export interface Recording {
	/**
	 * The trailer is written: complete when the source completed (or `finish()`), else
	 * interrupted. Rejects with a RecordError when the file cannot be written (the partial
	 * file is removed): await it, or the rejection goes unhandled.
	 */
	readonly done: Promise<RecordResult>;
	/** Event lines written so far. */
	readonly events: number;
	/** Text bytes written so far. */
	readonly bytes: number;
	/**
	 * Ends the recording now as complete at `simNs()` (a live run the user quit). Call it
	 * between ticks, from a key or signal handler, not from inside a batch subscriber.
	 */
	finish(): Promise<RecordResult>;
	/**
	 * Stops now and finishes the file with a trailer saying why (`interrupted by SIGINT`),
	 * complete up to the last event recorded; returns what `done` resolves to.
	 */
	stop(reason: string): Promise<RecordResult>;
}

/**
 * Creates the file, writes the header and subscribes to `batches$`. Throws a RecordError at
 * once when the file cannot be created, before anything runs.
 */
export function startRecording(batches$: Observable<readonly SimEvent[]>, options: RecordingOptions): Recording {
	const {file, run, simNs} = options;
	const writer = new RecordWriter(file, run, options);
	const summary = createSummary(run.machine.cpus);
	let settle!: {resolve: (result: RecordResult) => void; reject: (error: unknown) => void};
	const done = new Promise<RecordResult>((resolve, reject) => (settle = {resolve, reject}));
	let finished = false;
	let subscription: Subscription | null = null;

	const end = (complete: boolean, reason: string | null): void => {
		if (finished) return;
		finished = true;
		subscription?.unsubscribe();
		try {
			// A run cut short is complete up to its last recorded event (a batch never splits a
			// nanosecond), even if stopped between two batches of one tick.
			const endNs = complete ? simNs() : Math.min(simNs(), writer.lastT);
			settle.resolve(writer.finish({complete, reason, endNs, summary: finishSummary(summary, endNs)}));
		} catch (error) {
			writer.abort();
			settle.reject(error);
		}
	};

	const fail = (error: unknown): void => {
		if (finished) return;
		finished = true;
		subscription?.unsubscribe();
		writer.abort();
		settle.reject(error instanceof RecordError ? error : new RecordError(`cannot record to ${file}: ${(error as Error).message}`));
	};

	subscription = batches$.subscribe({
		next(batch) {
			if (finished) return;
			try {
				writer.write(batch);
				foldSummary(summary, batch);
			} catch (error) {
				fail(error);
			}
		},
		complete: () => end(true, null),
		error: (error: unknown) => end(false, `the run failed: ${(error as Error).message ?? String(error)}`),
	});
	// The source may have completed during subscribe().
	if (finished) subscription.unsubscribe();

	return {
		done,
		get events() {
			return writer.events;
		},
		get bytes() {
			return writer.textBytes;
		},
		finish() {
			end(true, null);
			return done;
		},
		stop(reason: string) {
			end(false, reason);
			return done;
		},
	};
}
