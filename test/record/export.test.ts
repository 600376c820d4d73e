import assert from 'node:assert/strict';
import {Writable} from 'node:stream';
import {finished} from 'node:stream/promises';
import {after, test} from 'node:test';
import {ChromeTrace, type TraceEvent} from '../../source/record/chrome-trace.ts';
import {exportChromeTrace} from '../../source/record/export-trace.ts';
import type {Injection} from '../../source/sim/events.ts';
import type {Simulator} from '../../source/sim/simulator.ts';
import {describeRun, recordRun, tempDir} from './helpers.ts';

const temp = tempDir();
after(() => temp.remove());

async function exportToString(file: string): Promise<string> {
	let text = '';
	const sink = new Writable({
		highWaterMark: 1024,
		write(chunk: Buffer, _encoding, done) {
			text += chunk.toString();
			setImmediate(done);
		},
	});
	await exportChromeTrace(file, sink);
	sink.end();
	await finished(sink);
	return text;
}

const phases = new Set(['X', 'b', 'e', 'i', 'C', 'M']);
/** Float µs from integer ns: allow for rounding when comparing slice ends. */
const epsilon = 1e-6;

async function exported(run = describeRun('default', 8, 2_000_000), inject?: (batch: number, sim: Simulator) => Injection[]): Promise<{trace: {traceEvents: TraceEvent[]; displayTimeUnit: string; otherData: Record<string, unknown>}; cpus: number}> {
	const file = temp.path(`run-${Math.random().toString(36).slice(2)}.ndjson`);
	await recordRun(run, file, inject);
	const text = await exportToString(file);
	return {trace: JSON.parse(text) as never, cpus: run.machine.cpus};
}

test('the export is JSON whose events all have a valid ph, ts, pid and tid', async () => {
	const {trace, cpus} = await exported();
	assert.equal(trace.displayTimeUnit, 'ns');
	assert.equal(trace.otherData['scenario'], 'default');
	assert.ok(trace.traceEvents.length > 100);
	for (const e of trace.traceEvents) {
		assert.ok(phases.has(e.ph), `ph ${e.ph}`);
		assert.ok(typeof e.ts === 'number' && Number.isFinite(e.ts) && e.ts >= 0, `ts ${e.ts}`);
		assert.ok(Number.isInteger(e.pid), `pid ${e.pid}`);
		assert.ok(Number.isInteger(e.tid) && e.tid >= 0 && e.tid <= cpus, `tid ${e.tid}`);
		assert.equal(typeof e.name, 'string');
		if (e.ph === 'X') assert.ok(typeof e.dur === 'number' && e.dur >= 0, `dur ${e.dur}`);
		if (e.ph === 'C') assert.ok(Object.values(e.args ?? {}).every(v => typeof v === 'number'), 'counter values are numbers');
		if (e.ph === 'i') assert.ok(e.s === 't' || e.s === 'g' || e.s === 'p');
	}
});

test('one track per CPU named "CPU n", and every kind of trace event the issue asks for', async () => {
	const {trace, cpus} = await exported(describeRun('default', 4, 2_000_000), (batch, sim) =>
		batch === 3 ? [{kind: 'munmap', mm: 0, vma: sim.mms[0]!.vmas[0]!.id}] : [],
	);
	const names = trace.traceEvents.filter(e => e.ph === 'M' && e.name === 'thread_name').map(e => [e.tid, (e.args as {name: string}).name]);
	for (let cpu = 0; cpu < cpus; cpu++) assert.deepEqual(names.find(([tid]) => tid === cpu), [cpu, `CPU ${cpu}`]);
	const fault = trace.traceEvents.find(e => e.ph === 'X' && e.cat === 'fault')!;
	assert.ok(fault, 'faults are complete slices');
	assert.ok('path' in fault.args! && 'outcome' in fault.args!, 'with path and outcome in args');
	assert.ok(trace.traceEvents.some(e => e.ph === 'b' && e.cat === 'lock'), 'lock waits are async slices');
	assert.ok(trace.traceEvents.some(e => e.ph === 'i' && e.cat === 'inject'), 'injections are instants');
	assert.ok(trace.traceEvents.some(e => e.ph === 'C' && e.name === 'lock wait (ns per window)'), 'a lock wait counter');
	assert.ok(trace.traceEvents.some(e => e.ph === 'C' && e.name === 'CPU 0 faults/s'), 'a fault rate counter per CPU');
});

test('aborts and grace periods from a speculative scheme', async () => {
	const run = describeRun('default', 4, 5_000_000);
	const {trace} = await exported({...run, machine: {...run.machine, scheme: 'spf-v12', breakVariant: 'skip-seq-recheck'}});
	assert.ok(trace.traceEvents.some(e => e.ph === 'i' && e.cat === 'abort'), 'spec-aborts are instants');
	assert.ok(trace.traceEvents.some(e => e.ph === 'b' && e.cat === 'rcu'), 'grace periods are async slices');
});

test('violations are global instants with the CPUs involved', () => {
	const run = describeRun('default', 2);
	const trace = new ChromeTrace({...run, version: 1, tool: 'test'}, run.durationNs);
	const out: TraceEvent[] = [];
	trace.add([{type: 'violation', t: 1500, cpu: 1, fn: 'handle_pte_fault', kind: 'vma-use-after-free', cpus: [1, 0], addr: 4096, detail: 'vma#3 freed at 1000'}], out);
	assert.deepEqual(out, [
		{name: 'violation: vma-use-after-free', cat: 'violation', ph: 'i', s: 'g', ts: 1.5, pid: 1, tid: 1, args: {kind: 'vma-use-after-free', cpus: [1, 0], addr: '0x1000', detail: 'vma#3 freed at 1000', fn: 'handle_pte_fault'}},
	]);
});

test('complete slices nest per track, and async slices pair up', async () => {
	for (const name of ['default', 'ebizzy', 'app-launch']) {
		const {trace} = await exported(describeRun(name, 8, 2_000_000));
		const tracks = new Map<string, TraceEvent[]>();
		for (const e of trace.traceEvents.filter(e => e.ph === 'X')) {
			const key = `${e.pid}/${e.tid}`;
			tracks.set(key, [...(tracks.get(key) ?? []), e]);
		}
		assert.ok(tracks.size > 1);
		for (const [track, slices] of tracks) {
			slices.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
			const open: TraceEvent[] = [];
			for (const slice of slices) {
				while (open.length > 0 && open.at(-1)!.ts + open.at(-1)!.dur! <= slice.ts + epsilon) open.pop();
				const parent = open.at(-1);
				if (parent) assert.ok(slice.ts + slice.dur! <= parent.ts + parent.dur! + epsilon, `${name} ${track}: ${JSON.stringify(slice)} overlaps ${JSON.stringify(parent)}`);
				open.push(slice);
			}
		}
		const begun = new Map<number, TraceEvent>();
		for (const e of trace.traceEvents) {
			if (e.ph === 'b') begun.set(e.id!, e);
			if (e.ph === 'e') {
				const b = begun.get(e.id!);
				assert.ok(b && b.name === e.name && b.cat === e.cat && e.ts >= b.ts, `${name}: async end ${e.id} matches its begin`);
				begun.delete(e.id!);
			}
		}
		assert.equal(begun.size, 0);
	}
});
