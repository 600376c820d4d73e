/**
 * Recording throughput, writer and reader alone: events are simulated first (not timed),
 * then written with `RecordWriter` and read back with `openRecording`, best of a few runs.
 * Targets: write ≥ 1.5 M events/s, read ≥ 3 M events/s, ≤ 40 bytes per event before
 * compression. Also the whole-run cost of recording: headless runs of `default` and `pft` at 64
 * CPUs with and without a recorder subscribed, interleaved, in CPU time of the main thread and
 * of the process (the writer thread's included); issue 13's target is under 15% more on the
 * main thread.
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
import {cpuOf} from './cpu-time.ts';
import {formatSpread, measure, type Measured} from './stats.ts';

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
	/** CPU ms of headless runs without and with a recorder, per scenario (64 CPUs, 20 ms). */
	readonly wholeRun: readonly WholeRun[];
}

export interface WholeRun {
	readonly scenario: string;
	readonly events: number;
	/** Main thread; null where it cannot be told apart (not Linux). */
	readonly main: {readonly headless: Measured; readonly recorded: Measured; readonly ratio: number} | null;
	/** Every thread of the process. */
	readonly process: {readonly headless: Measured; readonly recorded: Measured; readonly ratio: number};
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
		const wholeRun: WholeRun[] = [];
		for (const name of ['default', 'pft']) wholeRun.push(await wholeRunCpu(name, cpus, Math.max(runs, 5), join(dir, 'whole.ndjson')));
		return {scenario: scenario.name, cpus, events: count, formats, wholeRun};
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

/** Headless runs (simulator plus summary) with and without the recorder, interleaved, after one of each to warm up. */
async function wholeRunCpu(scenario: string, cpus: number, runs: number, file: string): Promise<WholeRun> {
	const prepared = prepareRun({scenario, cpus, durationNs: 20_000_000});
	const quiet = Object.assign(Object.create(process.stderr), {isTTY: false}) as NodeJS.WriteStream;
	let events = 0;
	const headless = (): Promise<unknown> => runHeadless(prepared);
	const recorded = async (): Promise<unknown> => (events = (await runRecorded(prepared, file, quiet)).result.events);
	await headless();
	await recorded();
	const plain: {process: number; mainThread: number | null}[] = [];
	const withRecorder: typeof plain = [];
	for (let i = 0; i < runs; i++) {
		plain.push(await cpuOf(headless));
		withRecorder.push(await cpuOf(recorded));
	}
	const of = (values: number[]): Measured => {
		let at = 0;
		return measure(values.length, () => values[at++]!);
	};
	const pair = (pick: (c: {process: number; mainThread: number | null}) => number) => {
		const h = of(plain.map(pick));
		const r = of(withRecorder.map(pick));
		return {headless: h, recorded: r, ratio: r.median / h.median};
	};
	return {scenario, events, main: plain[0]!.mainThread === null ? null : pair(c => c.mainThread!), process: pair(c => c.process)};
}

export function formatRecord(f: RecordFigures): string {
	const rate = (perSec: number): string => `${(perSec / 1e6).toFixed(2)} M events/s`;
	const lines = [`record and replay: ${f.scenario} at ${f.cpus} CPUs, ${f.events.toLocaleString('en-US')} pre-built events, best of runs`];
	for (const x of f.formats) {
		const kind = x.gzip ? 'gzip ' : 'plain';
		lines.push(`${kind}  write ${rate(x.writeEventsPerSec)} · ${x.bytesPerEvent.toFixed(1)} B/event text${x.gzip ? `, ${x.fileBytesPerEvent.toFixed(1)} B/event gzipped` : ''}`);
		lines.push(`${kind}  read  ${rate(x.readEventsPerSec)} · replay source: open ${x.replayOpenMs.toFixed(0)} ms, play ${rate(x.replayEventsPerSec)}`);
	}
	const cpu = (label: string, x: WholeRun['process']): string =>
		`${label} headless ${x.headless.median.toFixed(0)} ms ${formatSpread(x.headless)}, recording ${x.recorded.median.toFixed(0)} ms ${formatSpread(x.recorded)}: ${((x.ratio - 1) * 100).toFixed(1)}% more`;
	for (const w of f.wholeRun) {
		const parts = [...(w.main === null ? [] : [cpu('main thread', w.main)]), cpu('process', w.process)];
		lines.push(`whole run, CPU time (median), ${w.scenario} 20 ms at ${f.cpus} CPUs, ${w.events.toLocaleString('en-US')} events: ${parts.join(' · ')}`);
	}
	return lines.join('\n');
}
