/** `spf-top --replay FILE --headless`: the recorded run's summary, folded from its events. */
import {formatNs} from '../format/numbers.ts';
import type {RunDescription} from '../record/header.ts';
import {printable} from '../record/printable.ts';
import {openRecording, type ReadOptions, type RecordingEnd} from '../record/reader.ts';
import type {PreparedRun} from '../run/prepare-run.ts';
import {createSummary, finishSummary, foldSummary, type RunSummary} from '../stream/index.ts';

export interface ReplayedRun {
	readonly prepared: PreparedRun;
	readonly summary: RunSummary;
	readonly end: RecordingEnd;
}

/** Reads `file` front to back; the summary covers the simulated time the file reached. */
export async function replaySummary(file: string, options: ReadOptions): Promise<ReplayedRun> {
	const reader = await openRecording(file, options);
	const prepared = preparedFromHeader(reader.header);
	const summary = createSummary(prepared.machine.cpus);
	for await (const events of reader.batches()) foldSummary(summary, events);
	const end = reader.end;
	return {prepared, summary: finishSummary(summary, end.endNs), end};
}

/** The run a recording's header describes, as the commands prepare one. */
export function preparedFromHeader(header: RunDescription): PreparedRun {
	const {scenario, machine, durationNs} = header;
	return {scenario, machine, durationNs};
}

/** A line for stderr about how the file ended, or null when it is complete and clean. */
export function describeEnd(file: string, end: RecordingEnd): string | null {
	const unknown = end.unknownLines > 0 ? ` (${end.unknownLines} line${end.unknownLines === 1 ? '' : 's'} of kinds this spf-top does not know were skipped)` : '';
	switch (end.status) {
		case 'complete':
			return unknown === '' ? null : `${file}: complete${unknown}`;
		case 'interrupted':
			return `${file}: the recording was cut short (${printable(end.trailer?.reason ?? 'interrupted')}) at ${formatNs(end.endNs)} of ${formatNs(end.trailer?.durationNs ?? null)}${unknown}`;
		case 'truncated':
			return `${file}: truncated after line ${end.truncatedAfterLine}: replaying the ${end.events} events before it, up to ${formatNs(end.endNs)}${unknown}`;
	}
}
