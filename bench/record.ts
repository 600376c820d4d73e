/**
 * Recording throughput, writer and reader alone: events are simulated first (not timed),
 * then written with `RecordWriter` and read back with `openRecording`, best of a few runs.
 * Targets: write ≥ 1.5 M events/s, read ≥ 3 M events/s, ≤ 40 bytes per event before
 * compression. Also the whole-run cost of recording: one headless simulation with and
 * without a recorder subscribed (target: at most 30% more wall time).
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {runHeadless} from '../source/commands/run-headless.ts';
import {runRecorded} from '../source/commands/run-record.ts';
import {openRecording} from '../source/record/reader.ts';
import {createReplaySource} from '../source/record/replay-source.ts';
import {RecordWriter} from '../source/record/writer.ts';
import {prepareRun} from '../source/run/prepare-run.ts';
import {loadScenarioFile, resolveScenarioArg} from '../source/scenarios/index.ts';
import {resolveMachine} from '../source/sim/config.ts';
import type {SimEvent} from '../source/sim/events.ts';
import {Simulator} from '../source/sim/simulator.ts';
import {createSummary, finishSummary, foldSummary} from '../source/stream/index.ts';
import {measure, type Measured} from './stats.ts';

export interface RecordFigures {
	readonly scenario: string;
	readonly cpus: number;
	readonly events: number;
	readonly formats: readonly {
		readonly gzip: boolean;
		readonly writeEventsPerSec: number;
		readonly bytesPerEvent: number;
		readonly fileBytesPerEvent: number;
		readonly readEventsPerSec: number;
		readonly replayOpenMs: number;
		readonly replayEventsPerSec: number;
	}[];
	/** Wall time of a headless run with a recorder over one without, default at 64 CPUs. */
	readonly wholeRun: {readonly headlessMs: Measured; readonly recordedMs: Measured; readonly ratio: number};
}

export async function recordBench(runs = 3, durationNs = 100_000_000, cpus = 64): Promise<RecordFigures> {
	const scenario = loadScenarioFile(resolveScenarioArg('default'));
	const machine = resolveMachine(scenario, {cpus});
	const sim = new Simulator(machine);
	const batches: SimEvent[][] = [];
	let count = 0;
	while (sim.now < durationNs) {
		const batch = sim.advance(Math.min(durationNs, sim.now + 1_000_000), 1000);
		if (batch.length > 0) batches.push(batch);
		count += batch.length;
	}
	const summary = finishSummary(batches.reduce(foldSummary, createSummary(machine.cpus)), sim.now);
	const run = {scenario, machine, durationNs};
	const dir = mkdtempSync(join(tmpdir(), 'spf-top-bench-'));

	function write(file: string): {seconds: number; textBytes: number; fileBytes: number} {
		const start = process.hrtime.bigint();
		const writer = new RecordWriter(file, run);
		for (const batch of batches) writer.write(batch);
		const result = writer.finish({complete: true, reason: null, endNs: sim.now, summary});
		return {seconds: Number(process.hrtime.bigint() - start) / 1e9, textBytes: result.textBytes, fileBytes: result.fileBytes};
	}

	async function read(file: string): Promise<number> {
		const start = process.hrtime.bigint();
		const reader = await openRecording(file);
		let n = 0;
		for await (const events of reader.batches()) n += events.length;
		if (n !== count) throw new Error(`read ${n} events, wrote ${count}`);
		return Number(process.hrtime.bigint() - start) / 1e9;
	}

	/** The dashboard's path: open (one checking, indexing pass), then play it all in batches. */
	async function replay(file: string): Promise<{open: number; play: number}> {
		const start = process.hrtime.bigint();
		const source = await createReplaySource(file);
		const opened = process.hrtime.bigint();
		let n = 0;
		for (let batch = source.advance(source.durationNs, 1000); batch.length > 0; batch = source.advance(source.durationNs, 1000)) n += batch.length;
		const played = process.hrtime.bigint();
		source.close();
		if (n !== count) throw new Error(`replayed ${n} events, wrote ${count}`);
		return {open: Number(opened - start) / 1e9, play: Number(played - opened) / 1e9};
	}

	try {
		const formats: RecordFigures['formats'][number][] = [];
		for (const name of ['bench.ndjson', 'bench.ndjson.gz']) {
			const file = join(dir, name);
			let best = {seconds: Number.POSITIVE_INFINITY, textBytes: 0, fileBytes: 0};
			let bestRead = Number.POSITIVE_INFINITY;
			let bestReplay = {open: Number.POSITIVE_INFINITY, play: Number.POSITIVE_INFINITY};
			for (let i = 0; i < runs; i++) {
				const w = write(file);
				if (w.seconds < best.seconds) best = w;
				bestRead = Math.min(bestRead, await read(file));
				const r = await replay(file);
				bestReplay = {open: Math.min(bestReplay.open, r.open), play: Math.min(bestReplay.play, r.play)};
			}
			formats.push({
				gzip: name.endsWith('.gz'),
				writeEventsPerSec: count / best.seconds,
				bytesPerEvent: best.textBytes / count,
				fileBytesPerEvent: best.fileBytes / count,
				readEventsPerSec: count / bestRead,
				replayOpenMs: bestReplay.open * 1000,
				replayEventsPerSec: count / bestReplay.play,
			});
		}
		// Whole run: simulator plus summary, with and without the recorder on the same source.
		const prepared = prepareRun({cpus, durationNs: 20_000_000});
		const quiet = Object.assign(Object.create(process.stderr), {isTTY: false}) as NodeJS.WriteStream;
		const timed = async (f: () => Promise<unknown>): Promise<number> => {
			const t0 = performance.now();
			await f();
			return performance.now() - t0;
		};
		const headless: number[] = [];
		const recorded: number[] = [];
		await runHeadless(prepared);
		for (let i = 0; i < runs; i++) {
			headless.push(await timed(() => runHeadless(prepared)));
			recorded.push(await timed(() => runRecorded(prepared, join(dir, 'whole.ndjson'), quiet)));
		}
		let h = 0;
		let r = 0;
		const headlessMs = measure(runs, () => headless[h++]!);
		const recordedMs = measure(runs, () => recorded[r++]!);
		return {scenario: scenario.name, cpus, events: count, formats, wholeRun: {headlessMs, recordedMs, ratio: recordedMs.median / headlessMs.median}};
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

export function formatRecord(f: RecordFigures): string {
	const rate = (perSec: number): string => `${(perSec / 1e6).toFixed(2)} M events/s`;
	const lines = [`record and replay: ${f.scenario} at ${f.cpus} CPUs, ${f.events.toLocaleString('en-US')} pre-built events, best of runs`];
	for (const x of f.formats) {
		const kind = x.gzip ? 'gzip ' : 'plain';
		lines.push(`${kind}  write ${rate(x.writeEventsPerSec)} · ${x.bytesPerEvent.toFixed(1)} B/event text${x.gzip ? `, ${x.fileBytesPerEvent.toFixed(1)} B/event gzipped` : ''}`);
		lines.push(`${kind}  read  ${rate(x.readEventsPerSec)} · replay source: open ${x.replayOpenMs.toFixed(0)} ms, play ${rate(x.replayEventsPerSec)}`);
	}
	lines.push(`whole run (simulator + summary, 20 ms at ${f.cpus} CPUs): headless ${f.wholeRun.headlessMs.median.toFixed(0)} ms, recording ${f.wholeRun.recordedMs.median.toFixed(0)} ms: ${((f.wholeRun.ratio - 1) * 100).toFixed(0)}% more`);
	return lines.join('\n');
}
