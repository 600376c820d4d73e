/**
 * `spf-top recover FILE.PID.partial [-o OUT]`: the partial file a killed `--record` run left
 * (SIGKILL, a crash, a power cut: no trailer) made into a recording whose trailer says it was
 * cut short. The events are read up to the last whole line and written again, except those
 * of the last nanosecond reached, which the cut may have split: the recording then holds
 * every event up to its `endNs`, so it replays and verifies like any interrupted one. OUT
 * defaults to FILE; once OUT is whole, the partial file is removed.
 */
import {unlinkSync} from 'node:fs';
import {basename} from 'node:path';
import type {SimEvent} from '../sim/events.ts';
import {createSummary, finishSummary, foldSummary} from '../stream/index.ts';
import {openRecording} from '../record/reader.ts';
import {RecordError} from '../record/record-error.ts';
import {finalPathOf, statOrNull} from '../record/target-path.ts';
import {RecordWriter, type RecordResult} from '../record/writer.ts';

export interface Recovered {
	readonly output: string;
	readonly result: RecordResult;
	/** Whole lines of the partial file that were read. */
	readonly lines: number;
	/** Events left out: those of the last nanosecond, which may have been cut. */
	readonly dropped: number;
}

export async function recoverCommand(partial: string, output: string | undefined): Promise<Recovered> {
	const target = output ?? finalPathOf(partial);
	if (target === null) throw new RecordError(`${partial}: the name does not say which recording it was; name the output with -o`, 2);
	if (output === undefined && statOrNull(target) !== null) throw new RecordError(`${target} already exists; name the output with -o`, 2);
	const reader = await openRecording(partial);
	const writer = new RecordWriter(target, reader.header, {inputs: [partial]});
	const summary = createSummary(reader.header.machine.cpus);
	/** Events of the latest nanosecond seen, held back until a later one comes. */
	let held: SimEvent[] = [];
	let writtenT = 0;
	try {
		for await (const batch of reader.batches()) {
			const all = held.length === 0 ? batch : [...held, ...batch];
			const lastT = all.at(-1)!.t;
			let cut = all.length;
			while (cut > 0 && all[cut - 1]!.t === lastT) cut--;
			held = all.slice(cut);
			if (cut === 0) continue;
			const ready = all.slice(0, cut);
			writer.write(ready);
			foldSummary(summary, ready);
			writtenT = ready.at(-1)!.t;
		}
	} catch (error) {
		writer.abort();
		throw error;
	}
	const end = reader.end;
	if (end.status !== 'truncated') {
		writer.abort();
		throw new RecordError(`${partial} has its end trailer: it is a whole recording already (rename it to use it)`, 2);
	}
	// Every event at or before endNs is in the file: the held-back nanosecond is not reached.
	const endNs = held.length === 0 ? writtenT : Math.max(writtenT, held[0]!.t - 1);
	const result = writer.finish({
		complete: false,
		reason: `recovered from ${basename(partial)}, which ended without a trailer after line ${end.lines}`,
		endNs,
		summary: finishSummary(summary, endNs),
	});
	try {
		unlinkSync(partial);
	} catch {
		// Left in place: harmless, and said below.
	}
	return {output: target, result, lines: end.lines, dropped: held.length};
}
