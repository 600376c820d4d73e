import assert from 'node:assert/strict';
import {Writable} from 'node:stream';
import {finished} from 'node:stream/promises';
import {after, test} from 'node:test';
import fc from 'fast-check';
import {ChromeTrace, span, type TraceEvent} from '../../source/record/chrome-trace.ts';
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

async function exported(run = describeRun('default', 8, 2_000_000), inject?: (batch: number, sim: Simulator) => Injection[]): Promise<{trace: {traceEvents: TraceEvent[]; displayTimeUnit?: string; otherData: Record<string, unknown>}; cpus: number}> {
	const file = temp.path(`run-${Math.random().toString(36).slice(2)}.ndjson`);
	await recordRun(run, file, inject);
	const text = await exportToString(file);
	return {trace: JSON.parse(text) as never, cpus: run.machine.cpus};
}

test('the export is JSON whose events all have a valid ph, ts, pid and tid', async () => {
	const {trace, cpus} = await exported();
	// No displayTimeUnit: timestamps are µs, and Perfetto rejects or ignores the others.
	assert.equal(trace.displayTimeUnit, undefined);
	assert.equal(trace.otherData['scenario'], 'default');
	assert.ok(trace.traceEvents.length > 100);
	for (const e of trace.traceEvents) {
		assert.ok(phases.has(e.ph), `ph ${e.ph}`);
		assert.ok(typeof e.ts === 'number' && Number.isFinite(e.ts) && e.ts >= 0, `ts ${e.ts}`);
		assert.ok(Number.isInteger(e.pid), `pid ${e.pid}`);
		// CPU n is tid n + 1 and the machine cpus + 1: no tid 0, which older Perfetto merged with 1.
		assert.ok(Number.isInteger(e.tid) && e.tid >= 1 && e.tid <= cpus + 1, `tid ${e.tid}`);
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
	for (let cpu = 0; cpu < cpus; cpu++) assert.deepEqual(names.find(([tid]) => tid === cpu + 1), [cpu + 1, `CPU ${cpu}`]);
	const fault = trace.traceEvents.find(e => e.ph === 'X' && e.cat === 'fault')!;
	assert.ok(fault, 'faults are complete slices');
	assert.ok('path' in fault.args! && 'outcome' in fault.args!, 'with path and outcome in args');
	assert.ok(trace.traceEvents.some(e => e.ph === 'X' && e.cat === 'lock'), 'lock waits are slices on their CPU');
	assert.ok(!trace.traceEvents.some(e => e.ph === 'b' && e.cat === 'lock'), 'not async slices, which Perfetto moves off the CPU');
	assert.ok(trace.traceEvents.some(e => e.ph === 'i' && e.cat === 'inject'), 'injections are instants');
	assert.ok(trace.traceEvents.some(e => e.ph === 'C' && e.name === 'lock wait (ns per window)'), 'a lock wait counter');
	// Perfetto names a counter track "<name> <arg>": "CPU 0 faults/s", said once.
	const rates = trace.traceEvents.filter(e => e.ph === 'C' && e.cat === 'counter' && e.name.startsWith('CPU '));
	assert.ok(rates.some(e => e.name === 'CPU 0'), 'a fault rate counter per CPU');
	assert.ok(rates.every(e => Object.keys(e.args!).join() === 'faults/s'), 'its one series is faults/s');
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
		{name: 'violation: vma-use-after-free', cat: 'violation', ph: 'i', s: 'g', ts: 1.5, pid: 1, tid: 2, args: {kind: 'vma-use-after-free', cpus: [1, 0], addr: '0x1000', detail: 'vma#3 freed at 1000', fn: 'handle_pte_fault'}},
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

/** Minimal DOMRect for the trace model, which was written for a browser. */
function polyfillDomRect(): void {
	(globalThis as {DOMRect?: unknown}).DOMRect ??= class {
		constructor(
			readonly x = 0,
			readonly y = 0,
			readonly width = 0,
			readonly height = 0,
		) {}
	};
}

interface ModelNode {
	readonly entry: {readonly name: string; readonly ts: number; readonly dur?: number; readonly args?: Record<string, unknown>};
	readonly parent: ModelNode | null;
	readonly children: Iterable<ModelNode>;
}

test('Perfetto-style trace model (DevTools trace_engine): each CPU track holds its own lock waits, nested in the fault that waited', async () => {
	polyfillDomRect();
	const TraceModel = await import('@paulirish/trace_engine');
	for (const name of ['default', 'ebizzy']) {
		const run = describeRun(name, 4, 2_000_000);
		const file = temp.path(`model-${name}.ndjson`);
		const {events} = await recordRun(run, file);
		const trace = JSON.parse(await exportToString(file)) as {traceEvents: TraceEvent[]};

		// The waits each CPU had, from the recording: a lock-contend, then that lock acquired.
		const expected = new Map<number, string[]>();
		const inFault = new Map<number, number>();
		const contended = new Map<number, string>();
		const faultSince = new Map<number, number>();
		// Waits inside a fault count once the fault ends: one still open when the run stops has no slice.
		const inOpenFault = new Map<number, number>();
		for (const e of events) {
			if (e.type === 'fault-start') faultSince.set(e.cpu, e.t);
			if (e.type === 'fault-end') {
				faultSince.delete(e.cpu);
				inFault.set(e.cpu, (inFault.get(e.cpu) ?? 0) + (inOpenFault.get(e.cpu) ?? 0));
				inOpenFault.delete(e.cpu);
			}
			if (e.type === 'lock-contend') contended.set(e.cpu, e.lock);
			if ((e.type === 'lock-acquire' || e.type === 'ptl-acquire') && contended.get(e.cpu) === e.lock) {
				contended.delete(e.cpu);
				expected.set(e.cpu, [...(expected.get(e.cpu) ?? []), `wait ${e.lock}`]);
				const since = faultSince.get(e.cpu);
				if (since !== undefined && since <= e.t - e.waitNs) inOpenFault.set(e.cpu, (inOpenFault.get(e.cpu) ?? 0) + 1);
			}
		}
		assert.ok([...expected.values()].flat().length > 10, `${name}: the run has lock waits to show`);

		const model = TraceModel.TraceModel.Model.createWithAllHandlers();
		await model.parse(trace.traceEvents as never);
		const processes = model.parsedTrace()!.data.Renderer.processes;
		const threads = [...processes.values()].flatMap(process => [...process.threads.values()]);
		for (let cpu = 0; cpu < run.machine.cpus; cpu++) {
			const thread = threads.find(t => t.name === `CPU ${cpu}`);
			assert.ok(thread?.tree, `${name}: a track for CPU ${cpu}`);
			const waits: ModelNode[] = [];
			const walk = (node: ModelNode): void => {
				if (node.entry.name.startsWith('wait ')) waits.push(node);
				for (const child of node.children) walk(child);
			};
			for (const root of thread.tree.roots as Iterable<ModelNode>) walk(root);
			assert.deepEqual(waits.map(w => w.entry.name).sort(), [...(expected.get(cpu) ?? [])].sort(), `${name}: CPU ${cpu}'s waits, by lock`);
			assert.ok(waits.every(w => w.entry.args?.['cpu'] === cpu), `${name}: cpu ${cpu} in each wait's args`);
			const nested = waits.filter(w => w.parent?.entry.name.startsWith('fault '));
			assert.equal(nested.length, inFault.get(cpu) ?? 0, `${name}: CPU ${cpu}'s waits during a fault sit inside that fault's slice`);
			for (const w of nested) assert.ok(w.entry.ts >= w.parent!.entry.ts && w.entry.ts + w.entry.dur! <= w.parent!.entry.ts + w.parent!.entry.dur!, 'within its parent');
		}
	}
});

test('a slice ends exactly where the next one starts: ts + dur is the end in floating point', () => {
	fc.assert(
		fc.property(fc.nat({max: 2 ** 40}), fc.nat({max: 2 ** 30}), (startNs, lengthNs) => {
			const {ts, dur} = span(startNs, startNs + lengthNs);
			assert.equal(ts, startNs / 1000);
			assert.equal(ts + dur, (startNs + lengthNs) / 1000);
			assert.ok(Math.abs(dur * 1000 - lengthNs) < 1e-3);
		}),
		{seed: 12, numRuns: 2000},
	);
});
