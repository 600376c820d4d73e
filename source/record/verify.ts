/**
 * Re-simulates a recording from its header and recorded injections and compares the two
 * event streams one event at a time. Each injection is applied as it was live: the
 * simulator is advanced to the `inject` event's time, then `inject()` is called, which the
 * simulator guarantees gives the same stream as the original run.
 */
import {isDeepStrictEqual} from 'node:util';
import type {SimEvent} from '../sim/events.ts';
import {Simulator} from '../sim/simulator.ts';
import {createSummary, finishSummary, foldSummary} from '../stream/index.ts';
import {openRecording, type ReadOptions, type RecordingEnd} from './reader.ts';
import {RecordError} from './record-error.ts';
import {sameEvent} from './same-event.ts';

export interface VerifyDifference {
	/** 1-based number of the first event that differs. */
	readonly event: number;
	/** What the file holds there (null: the file ends first). */
	readonly recorded: SimEvent | null;
	/** What the simulator produced there (null: it produced nothing more). */
	readonly simulated: SimEvent | null;
	/** Set when the difference is not between two events (an injection that fails, the trailer's summary). */
	readonly detail?: string;
}

export interface VerifyResult {
	readonly identical: boolean;
	/** Events compared and found equal. */
	readonly events: number;
	readonly injections: number;
	readonly end: RecordingEnd;
	readonly difference: VerifyDifference | null;
}

/** Simulator events handed out per advance while comparing. */
const simBatch = 4096;

export async function verifyRecording(file: string, options: ReadOptions = {}): Promise<VerifyResult> {
	const reader = await openRecording(file, options);
	const {machine} = reader.header;
	let sim: Simulator;
	try {
		sim = new Simulator(machine);
	} catch (error) {
		throw new RecordError(`${file}: the recorded machine cannot be simulated by this spf-top: ${(error as Error).message}`);
	}
	let queue: SimEvent[] = [];
	let next = 0;
	/** Everything at or before this time has been simulated (-1: not even t = 0 yet). */
	let reached = -1;
	/** The simulator's next event at or before `untilNs`, or null. */
	const simulated = (untilNs: number): SimEvent | null => {
		while (next >= queue.length) {
			if (reached >= untilNs) return null;
			queue = sim.advance(untilNs, simBatch);
			next = 0;
			// An early stop still finishes its nanosecond, so reaching untilNs means all of it.
			if (sim.now >= untilNs) reached = untilNs;
		}
		return queue[next++]!;
	};
	const summary = createSummary(machine.cpus);
	let compared = 0;
	let injections = 0;
	const differ = (recorded: SimEvent | null, other: SimEvent | null, detail?: string): VerifyResult => ({
		identical: false,
		events: compared,
		injections,
		end: endOf(),
		difference: {event: compared + 1, recorded, simulated: other, ...(detail === undefined ? {} : {detail})},
	});
	let end: RecordingEnd | null = null;
	const endOf = (): RecordingEnd => end ?? {status: 'truncated', trailer: null, endNs: 0, events: compared, lines: 0, unknownLines: 0, truncatedAfterLine: null, checksum: ''};
	try {
		for await (const batch of reader.batches()) {
			for (let i = 0; i < batch.length; ) {
				// Up to the next injection the simulator can run ahead freely: to the injection's
				// time, or to the batch's last event (a later injection cannot be earlier).
				let j = i;
				while (j < batch.length && batch[j]!.type !== 'inject') j++;
				const horizon = batch[Math.min(j, batch.length - 1)]!.t;
				for (; i < j; i++) {
					const recorded = batch[i]!;
					const other = simulated(horizon);
					if (other === null || !sameEvent(recorded, other)) return differ(recorded, other);
					compared++;
				}
				if (j === batch.length) break;
				const inject = batch[j]! as Extract<SimEvent, {type: 'inject'}>;
				// Everything up to the injection's time came before it in the live run.
				const early = simulated(inject.t);
				if (early !== null) return differ(inject, early);
				try {
					sim.inject(inject.injection);
				} catch (error) {
					return differ(inject, null, `the recorded injection cannot be applied: ${(error as Error).message}`);
				}
				injections++;
				// The inject event (and any work it wakes at this instant) is still to be handed out.
				reached = inject.t - 1;
				const other = simulated(inject.t);
				if (other === null || !sameEvent(inject, other)) return differ(inject, other);
				compared++;
				i = j + 1;
			}
			foldSummary(summary, batch);
		}
	} catch (error) {
		if (error instanceof RecordError) throw error;
		throw new RecordError(`${file}: the re-simulation failed at ${sim.now} ns: ${(error as Error).message}`);
	}
	end = reader.end;
	// A cut-off file may have lost events at its last instant; a finished one may not.
	if (end.status !== 'truncated') {
		const extra = simulated(end.endNs);
		if (extra !== null) return differ(null, extra);
		const written = end.trailer!.summary;
		if (!isDeepStrictEqual(written, JSON.parse(JSON.stringify(finishSummary(summary, end.endNs))))) {
			return {...differ(null, null, 'every event matches, but the summary in the trailer does not match the events'), events: compared};
		}
	}
	return {identical: true, events: compared, injections, end, difference: null};
}
