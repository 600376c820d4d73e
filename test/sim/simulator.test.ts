/** The Simulator as a whole: determinism, slicing independence, injections, correctness properties. */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {resolveMachine, type Scenario, type Step} from '../../source/sim/config.ts';
import type {SimEvent} from '../../source/sim/events.ts';
import {type Vma, VM_WRITE} from '../../source/sim/mm/vma.ts';
import {Simulator} from '../../source/sim/simulator.ts';
import {ofType, sha256} from './helpers.ts';

const KiB = 1 << 10;
const MiB = 1 << 20;

/**
 * A busy machine: every thread maps, writes and unmaps its own region and reads its slice
 * of a shared file; thread 0 also cycles a small region through mprotect. A shared
 * anonymous region `h` is there for injections. The threads' own regions are rwx, so that
 * they never merge with `h` or with an injected (rw) mapping: those keep their own VMAs.
 */
function scenario(options: {cpus: number; seed?: number; processes?: number; threads?: number | string; costs?: Scenario['costs']}): Scenario {
	const worker: Step[] = [{op: 'loop', times: null, body: [
		{op: 'mmap', name: 'a', size: 256 * KiB, file: false, shared: false, prot: 'rwx'},
		{op: 'touch', region: 'a', write: true, stride: 4096, slice: false, random: false},
		{op: 'touch', region: 'f', write: false, stride: 4096, slice: true, random: true},
		{op: 'munmap', region: 'a'},
	]}];
	const writer: Step[] = [{op: 'loop', times: null, body: [
		{op: 'mmap', name: 'w', size: 64 * KiB, file: false, shared: false, prot: 'rwx'},
		{op: 'touch', region: 'w', write: true, stride: 4096, slice: false, random: false},
		{op: 'mprotect', region: 'w', prot: 'r'},
		{op: 'touch', region: 'w', write: false, stride: 4096, slice: false, random: false},
		{op: 'munmap', region: 'w'},
		{op: 'think', ns: 5000},
	]}];
	return {
		name: 'busy',
		description: 'test machine',
		cpus: options.cpus,
		sockets: Math.min(2, options.cpus),
		durationNs: 5e6,
		scheme: 'mmap-sem',
		seed: options.seed ?? 1,
		memcg: true,
		costs: options.costs ?? {},
		injectMmap: {size: MiB, file: false, shared: false},
		processes: [{
			name: 'p',
			count: options.processes ?? 1,
			threads: options.threads ?? 'cpus',
			mappings: [
				{name: 'f', size: 8 * MiB, file: true, shared: false, prot: 'r'},
				{name: 'h', size: 4 * MiB, file: false, shared: false, prot: 'rw'},
			],
			program: worker,
			threadPrograms: [{thread: 0, program: writer}],
		}],
	};
}

/** The VMA holding a named region's first page now (merges and splits move regions between VMAs). */
function vmaOf(sim: Simulator, name: string): Vma {
	const mm = sim.mms[0]!;
	return mm.vmaAt(mm.named.get(name)!.start)!;
}

function build(options: Parameters<typeof scenario>[0]): Simulator {
	return new Simulator(resolveMachine(scenario(options)));
}

function runFor(options: Parameters<typeof scenario>[0], ns: number): SimEvent[] {
	return build(options).advance(ns);
}

/** Advances in the given slice ends and concatenates the batches. */
function sliced(sim: Simulator, ends: readonly number[], maxEvents?: number): SimEvent[] {
	const events: SimEvent[] = [];
	for (const end of ends) {
		while (sim.now < end) events.push(...sim.advance(end, maxEvents));
	}
	return events;
}

describe('Simulator construction', () => {
	test('maps the scenario regions at t=0 and starts one thread per CPU', () => {
		const sim = build({cpus: 4});
		assert.deepEqual(sim.threads.map(t => t.cpu), [0, 1, 2, 3]);
		assert.deepEqual([...sim.mms[0]!.named.keys()], ['f', 'h']);
		const events = sim.advance(0);
		assert.deepEqual(events.map(e => [e.type, e.t, e.cpu]), [['vma-alloc', 0, -1], ['vma-alloc', 0, -1]]);
	});

	test('an unknown scheme or break variant is refused with the allowed values', () => {
		const config = resolveMachine(scenario({cpus: 2}));
		assert.throws(() => new Simulator({...config, scheme: 'nope'}), /unknown scheme "nope" \(allowed: mmap-sem/);
		assert.throws(() => new Simulator({...config, breakVariant: 'no-vmf-snapshot'}), /no protection "no-vmf-snapshot".*none/);
	});
});

describe('Simulator determinism', () => {
	for (const cpus of [1, 8, 64]) {
		test(`the same config gives the same events, byte for byte (${cpus} CPUs)`, () => {
			const ns = cpus === 64 ? 500_000 : 1_000_000;
			const hashes = new Set<string>();
			for (const seed of [1, 7, 12345]) {
				const a = runFor({cpus, seed}, ns);
				const b = runFor({cpus, seed}, ns);
				assert.ok(a.length > 100, `a busy run emits events (${a.length})`);
				assert.equal(sha256(a), sha256(b), `seed ${seed}`);
				hashes.add(sha256(a));
			}
			assert.equal(hashes.size, 3, 'different seeds give different streams');
		});
	}

	test('a machine preset with SMT in use (48 CPUs on 32 cores, socket 0 first) is deterministic too, and its siblings change the run', () => {
		const {sockets: _, ...spec} = scenario({cpus: 48, seed: 5});
		const run = (threadsPerCore?: number): SimEvent[] => new Simulator(resolveMachine(spec, {threadsPerCore})).advance(300_000);
		const a = run();
		assert.ok(a.length > 100);
		assert.equal(sha256(a), sha256(run()));
		// Without SMT the same 48 threads sit on 3 sockets' cores and pay other transfers.
		assert.notEqual(sha256(a), sha256(run(1)));
	});

	test('events come out in time order', () => {
		const events = runFor({cpus: 8}, 1_000_000);
		for (let i = 1; i < events.length; i++) assert.ok(events[i]!.t >= events[i - 1]!.t, `event ${i} at ${events[i]!.t} after ${events[i - 1]!.t}`);
	});
});

describe('Simulator slicing', () => {
	const end = 1_000_000;
	const whole = sha256(runFor({cpus: 8, seed: 3}, end));

	test('many small slices give the same stream as one big one', () => {
		const ends = Array.from({length: 1000}, (_, i) => (i + 1) * 1000);
		assert.equal(sha256(sliced(build({cpus: 8, seed: 3}), ends)), whole);
	});

	test('uneven slices ending mid-step give the same stream', () => {
		const ends: number[] = [];
		for (let t = 0, i = 1; t < end; i++) ends.push((t = Math.min(end, t + ((i * 7919) % 3001) + 1)));
		assert.equal(sha256(sliced(build({cpus: 8, seed: 3}), ends)), whole);
	});

	test('an event budget (maxEvents) gives the same stream, in bounded batches', () => {
		const sim = build({cpus: 8, seed: 3});
		const events: SimEvent[] = [];
		let batches = 0;
		while (sim.now < end) {
			const batch = sim.advance(end, 50);
			events.push(...batch);
			batches++;
		}
		assert.ok(batches > events.length / 200, `the budget split the run (${batches} batches)`);
		assert.equal(sha256(events), whole);
	});

	test('a stop by budget pauses at a whole nanosecond: the next batch starts later', () => {
		const sim = build({cpus: 8, seed: 3});
		let prevEnd = -1;
		for (let i = 0; i < 50; i++) {
			const batch = sim.advance(end, 20);
			if (batch.length === 0) continue;
			assert.ok(batch[0]!.t > prevEnd, 'no nanosecond is split between two batches');
			prevEnd = batch.at(-1)!.t;
			assert.equal(sim.now, prevEnd, 'the clock stops where the last event was');
		}
	});
});

describe('Simulator injections', () => {
	const at = 300_000;

	function injected(kind: 'mmap' | 'munmap' | 'mprotect' | 'fault-storm') {
		const sim = build({cpus: 4, seed: 5});
		sim.advance(at);
		const h = vmaOf(sim, 'h');
		const flagsBefore = h.flags;
		switch (kind) {
			case 'mmap': sim.inject({kind, mm: 0, size: 3 * MiB, file: false, shared: false}); break;
			case 'munmap': case 'mprotect': sim.inject({kind, mm: 0, vma: h.id}); break;
			case 'fault-storm': sim.inject({kind, mm: 0, vma: h.id, durationNs: 200_000}); break;
		}
		const events = sim.advance(at + 2_000_000);
		return {sim, h, flagsBefore, events};
	}

	test('mmap: an inject event, then the first thread maps the region', () => {
		const {sim, events} = injected('mmap');
		assert.deepEqual(events[0], {type: 'inject', t: at, cpu: 0, fn: 'inject', injection: {kind: 'mmap', mm: 0, size: 3 * MiB, file: false, shared: false}});
		const alloc = ofType(events, 'vma-alloc').find(e => e.end - e.start === 3 * MiB);
		assert.ok(alloc, 'a 3 MiB VMA was allocated');
		assert.equal(alloc.cpu, sim.threads[0]!.cpu);
		const begin = ofType(events, 'writer-begin').find(e => e.op === 'mmap' && e.t <= alloc.t);
		const end = ofType(events, 'writer-end').find(e => e.vma === alloc.vma);
		assert.ok(begin && end && begin.t >= at && end.t >= alloc.t, 'writer-begin, vma-alloc, writer-end in order after the inject');
		assert.ok(sim.mms[0]!.vmas.some(v => v.id === alloc.vma), 'the VMA is linked');
	});

	test('munmap of a live VMA: inject, then writer events and the VMA is freed', () => {
		const {sim, h, events} = injected('munmap');
		assert.equal(events[0]!.type, 'inject');
		const begin = ofType(events, 'writer-begin').find(e => e.op === 'munmap' && e.vma === h.id);
		const end = ofType(events, 'writer-end').find(e => e.op === 'munmap' && e.vma === h.id);
		assert.ok(begin && end && at <= begin.t && begin.t <= end.t, 'writer-begin then writer-end after the inject');
		assert.equal(begin.cpu, sim.threads[0]!.cpu);
		assert.deepEqual(ofType(events, 'vma-free').filter(e => e.vma === h.id).map(e => e.deferredBy), ['none']);
		assert.equal(h.freed, true);
		assert.ok(!sim.mms[0]!.vmas.includes(h), 'unlinked');
		assert.equal(sim.violations, 0);
	});

	test('mprotect: inject, then writer events and the write permission flips', () => {
		const {h, flagsBefore, events} = injected('mprotect');
		assert.equal(events[0]!.type, 'inject');
		const begin = ofType(events, 'writer-begin').find(e => e.op === 'mprotect' && e.vma === h.id);
		const end = ofType(events, 'writer-end').find(e => e.op === 'mprotect' && e.vma === h.id);
		assert.ok(begin && end && at <= begin.t && begin.t <= end.t, 'writer-begin then writer-end after the inject');
		assert.equal(h.flags, flagsBefore ^ VM_WRITE);
	});

	test('fault-storm: every thread faults across its slice and zaps it', () => {
		const {sim, h, events} = injected('fault-storm');
		assert.equal(events[0]!.type, 'inject');
		const madvisers = new Set(ofType(events, 'writer-begin').filter(e => e.op === 'madvise' && e.vma === h.id).map(e => e.cpu));
		assert.deepEqual([...madvisers].sort(), sim.threads.map(t => t.cpu).sort());
		const stormFaults = ofType(events, 'fault-end').filter(e => e.addr >= h.start && e.addr < h.end);
		assert.ok(stormFaults.length > 100, `faults in the storm VMA (${stormFaults.length})`);
		assert.ok(stormFaults.every(e => e.t >= at), 'storm faults come after the inject');
		assert.equal(sim.violations, 0);
	});

	test('injecting into an mm with no process throws', () => {
		const sim = build({cpus: 2});
		assert.throws(() => sim.inject({kind: 'munmap', mm: 9, vma: 1}), /no process with mm 9/);
	});
});

describe('Simulator correctness', () => {
	test('a busy 16-CPU mmap-sem run with injections has no violation in 5 ms', () => {
		const sim = build({cpus: 16, seed: 11});
		const events: SimEvent[] = [];
		events.push(...sim.advance(1_000_000));
		sim.inject({kind: 'fault-storm', mm: 0, vma: vmaOf(sim, 'h').id, durationNs: 500_000});
		events.push(...sim.advance(2_000_000));
		sim.inject({kind: 'mprotect', mm: 0, vma: vmaOf(sim, 'h').id});
		sim.inject({kind: 'mmap', mm: 0, size: MiB, file: true, shared: true});
		events.push(...sim.advance(3_000_000));
		sim.inject({kind: 'munmap', mm: 0, vma: vmaOf(sim, 'h').id});
		events.push(...sim.advance(5_000_000));
		assert.deepEqual(ofType(events, 'violation'), []);
		assert.equal(sim.violations, 0);
		// It was busy: faults of every kind of region, and every writer op.
		const faults = ofType(events, 'fault-end').length;
		assert.ok(faults > 5000, `busy: ${faults} faults`);
		assert.deepEqual(new Set(ofType(events, 'writer-end').map(e => e.op)), new Set(['mmap', 'munmap', 'mprotect', 'madvise']));
		assert.ok(ofType(events, 'lock-contend').length > 0, 'writers made faults wait');
	});

	test('TLB shootdowns target every other CPU of the mm', () => {
		const events = runFor({cpus: 8}, 2_000_000);
		const shootdowns = ofType(events, 'tlb-shootdown');
		assert.ok(shootdowns.length > 0, 'some shootdowns');
		for (const e of shootdowns) assert.equal(e.targets, 7);
	});

	test('with two processes, a shootdown stays inside its own mm', () => {
		const sim = build({cpus: 8, processes: 2, threads: 4});
		const events = sim.advance(2_000_000);
		const shootdowns = ofType(events, 'tlb-shootdown');
		assert.deepEqual(new Set(shootdowns.map(e => e.mm)), new Set([0, 1]));
		for (const e of shootdowns) {
			const mm = sim.mms[e.mm]!;
			assert.equal(e.targets, 3);
			assert.ok(mm.cpus.includes(e.cpu), 'sent by a CPU of the mm');
		}
		assert.deepEqual(sim.mms.map(mm => mm.cpus), [[0, 1, 2, 3], [4, 5, 6, 7]]);
	});
});

describe('Simulator scaling with processes', () => {
	// Issue 10 item 10: pft as N single-thread processes must cost the same per event at any
	// N. Measured here (mmap-sem, 100 µs): 2.00 engine waits per event at 64, 256 and 1024
	// processes, and a flat profile (no per-mm scan among the top 25 entries).
	test('engine waits per event and events per fault do not grow with the number of processes', () => {
		const perEvent = (n: number): {waits: number; eventsPerFault: number} => {
			// Memory bandwidth out of the way: 128 CPUs on two sockets saturate it, which changes
			// the mix of events (waits for the channels) but not what an event costs the engine.
			const sim = build({cpus: n, processes: n, threads: 1, costs: {socketBandwidthMBps: 100_000_000}});
			const events = sim.advance(200_000);
			return {waits: sim.k.engine.waits / events.length, eventsPerFault: events.length / ofType(events, 'fault-end').length};
		};
		const small = perEvent(8);
		const large = perEvent(128);
		assert.ok(Math.abs(large.waits / small.waits - 1) < 0.05, `waits per event ${small.waits.toFixed(3)} at 8 processes, ${large.waits.toFixed(3)} at 128`);
		assert.ok(Math.abs(large.eventsPerFault / small.eventsPerFault - 1) < 0.05, `events per fault ${small.eventsPerFault.toFixed(3)} at 8 processes, ${large.eventsPerFault.toFixed(3)} at 128`);
	});
});
