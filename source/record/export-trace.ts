/** Streams a recording into a Chrome trace JSON file (or any writable), in bounded memory. */
import type {Writable} from 'node:stream';
import {once} from 'node:events';
import {ChromeTrace, type ChromeTraceOptions, type TraceEvent} from './chrome-trace.ts';
import {openRecording, type ReadOptions, type RecordingEnd} from './reader.ts';
import {toolVersion} from './tool-version.ts';

export interface ExportResult {
	readonly events: number;
	readonly traceEvents: number;
	readonly end: RecordingEnd;
}

export async function exportChromeTrace(file: string, output: Writable, options: ReadOptions & ChromeTraceOptions = {}): Promise<ExportResult> {
	const reader = await openRecording(file, options);
	const trace = new ChromeTrace(reader.header, reader.header.durationNs, options);
	let count = 0;
	let first = true;
	const write = async (items: readonly TraceEvent[]): Promise<void> => {
		if (items.length === 0) return;
		let text = '';
		for (const item of items) {
			text += (first ? '\n' : ',\n') + JSON.stringify(item);
			first = false;
		}
		count += items.length;
		if (!output.write(text)) await once(output, 'drain');
	};
	let events = 0;
	if (!output.write('{"traceEvents":[')) await once(output, 'drain');
	await write(trace.metadata());
	for await (const batch of reader.batches()) {
		const out: TraceEvent[] = [];
		trace.add(batch, out);
		events += batch.length;
		await write(out);
	}
	const end = reader.end;
	const out: TraceEvent[] = [];
	trace.finish(end.endNs, out);
	await write(out);
	const {scenario, machine} = reader.header;
	const otherData = {
		exportedBy: toolVersion,
		recordedBy: reader.header.tool,
		scenario: scenario.name,
		scheme: machine.scheme,
		breakVariant: machine.breakVariant,
		seed: machine.seed,
		cpus: machine.cpus,
		sockets: machine.sockets,
		status: end.status,
		endNs: end.endNs,
	};
	output.write(`\n],"otherData":${JSON.stringify(otherData)}}\n`);
	return {events, traceEvents: count, end};
}
