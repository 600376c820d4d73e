/**
 * Recording throughput, writer and reader alone: events are simulated first (not timed),
 * then written with `RecordWriter` and read back with `openRecording`, best of a few runs.
 * Targets: write ≥ 1.5 M events/s, read ≥ 3 M events/s, ≤ 40 bytes per event before
 * compression.
 *
 * Run: node --import tsx bench/record.ts [scenario] [--cpus N] [--duration 100ms]
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseArgs} from 'node:util';
import {openRecording} from '../source/record/reader.ts';
import {createReplaySource} from '../source/record/replay-source.ts';
import {RecordWriter} from '../source/record/writer.ts';
import {loadScenarioFile, parseDuration, resolveScenarioArg} from '../source/scenarios/index.ts';
import {resolveMachine} from '../source/sim/config.ts';
import type {SimEvent} from '../source/sim/events.ts';
import {Simulator} from '../source/sim/simulator.ts';
import {createSummary, finishSummary, foldSummary} from '../source/stream/index.ts';

const {values, positionals} = parseArgs({options: {cpus: {type: 'string', default: '64'}, duration: {type: 'string', default: '100ms'}, runs: {type: 'string', default: '3'}}, allowPositionals: true});
const scenario = loadScenarioFile(resolveScenarioArg(positionals[0] ?? 'default'));
const machine = resolveMachine(scenario, {cpus: Number(values.cpus)});
const durationNs = parseDuration(values.duration);
const runs = Number(values.runs);

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

const rate = (seconds: number): string => `${(count / seconds / 1e6).toFixed(2)} M events/s`;
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
try {
	console.log(`spf-top record bench · ${scenario.name} · ${machine.cpus} CPUs · ${values.duration} simulated · ${count.toLocaleString('en-US')} events · best of ${runs}`);
	for (const name of ['bench.ndjson', 'bench.ndjson.gz']) {
		const file = join(dir, name);
		let best = {seconds: Number.POSITIVE_INFINITY, textBytes: 0, fileBytes: 0};
		let bestRead = Number.POSITIVE_INFINITY;
		for (let i = 0; i < runs; i++) {
			const w = write(file);
			if (w.seconds < best.seconds) best = w;
			bestRead = Math.min(bestRead, await read(file));
		}
		let bestReplay = {open: Number.POSITIVE_INFINITY, play: Number.POSITIVE_INFINITY};
		for (let i = 0; i < runs; i++) {
			const r = await replay(file);
			bestReplay = {open: Math.min(bestReplay.open, r.open), play: Math.min(bestReplay.play, r.play)};
		}
		const gz = name.endsWith('.gz');
		console.log(`${gz ? 'gzip ' : 'plain'}  write ${rate(best.seconds)} · ${(best.textBytes / count).toFixed(1)} B/event text${gz ? `, ${(best.fileBytes / count).toFixed(1)} B/event gzipped` : ''} · file ${mib(best.fileBytes)}`);
		console.log(`${gz ? 'gzip ' : 'plain'}  read  ${rate(bestRead)} (openRecording, front to back)`);
		console.log(`${gz ? 'gzip ' : 'plain'}  replay source: open ${(bestReplay.open * 1000).toFixed(0)} ms (${rate(bestReplay.open)} checked and indexed${gz ? ', inflated to a temp file' : ''}) · play ${rate(bestReplay.play)}`);
	}
} finally {
	rmSync(dir, {recursive: true, force: true});
}
