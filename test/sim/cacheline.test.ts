import {resolveMachine} from '../../source/sim/config.ts';
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {CacheLine, LineModel} from '../../source/sim/cacheline.ts';
import {Engine} from '../../source/sim/engine.ts';
import {defaultParams as p} from '../../source/sim/params.ts';
import {Topology} from '../../source/sim/topology.ts';

function model(cpus: number, sockets: number): LineModel {
	return new LineModel(p, new Topology(cpus, sockets), new Engine(cpus));
}

describe('Topology', () => {
	test('CPUs are split evenly across sockets, in blocks', () => {
		assert.deepEqual([...new Topology(8, 2).socketOf], [0, 0, 0, 0, 1, 1, 1, 1]);
		assert.deepEqual([...new Topology(8, 4).socketOf], [0, 0, 1, 1, 2, 2, 3, 3]);
		assert.deepEqual([...new Topology(3, 1).socketOf], [0, 0, 0]);
		const big = new Topology(64, 4);
		for (let s = 0; s < 4; s++) assert.equal(big.socketOf.filter(x => x === s).length, 16);
	});

	test('every configured socket gets CPUs when the count does not divide evenly', () => {
		for (const [cpus, sockets] of [[6, 4], [10, 4], [5, 4], [7, 3]] as const) {
			const used = new Set(new Topology(cpus, sockets).socketOf);
			assert.equal(used.size, sockets, `${cpus} CPUs on ${sockets} sockets`);
		}
	});
});

describe('LineModel', () => {
	test('an atomic on a line this CPU owns costs atomicOwnNs', () => {
		const lines = model(4, 2);
		const line = new CacheLine('l', 4, 0);
		// Nobody holds a fresh line: exclusive at once.
		assert.equal(lines.rmw(line, 0, 0), p.atomicOwnNs);
		assert.equal(line.owner, 0);
		assert.equal(lines.rmw(line, 0, 100), p.atomicOwnNs);
		assert.equal(line.busyUntil, 100 + p.atomicOwnNs);
	});

	test('an atomic pulls the line from another core: same socket vs cross socket', () => {
		// 4 CPUs on 2 sockets: 0,1 on socket 0; 2,3 on socket 1.
		const lines = model(4, 2);
		const line = new CacheLine('l', 4, 0);
		lines.rmw(line, 0, 0);
		assert.equal(lines.rmw(line, 1, 1000), p.casSameSocketNs); // 0 → 1, socket 0 → 0
		assert.equal(lines.rmw(line, 2, 2000), p.casCrossSocketNs); // 1 → 2, socket 0 → 1
		assert.equal(lines.rmw(line, 3, 3000), p.casSameSocketNs); // 2 → 3, socket 1 → 1
		assert.equal(lines.rmw(line, 0, 4000), p.casCrossSocketNs); // 3 → 0, socket 1 → 0
	});

	test('a store costs lineHitNs on an own line and a store transfer otherwise', () => {
		const lines = model(4, 2);
		const line = new CacheLine('l', 4, 0);
		assert.equal(lines.store(line, 0, 0), p.lineHitNs);
		assert.equal(lines.store(line, 1, 100), p.storeSameSocketNs);
		assert.equal(lines.store(line, 2, 200), p.storeCrossSocketNs);
		assert.equal(lines.store(line, 2, 1000), p.lineHitNs);
	});

	test('concurrent atomics from N CPUs complete one after another, each a transfer after the last', () => {
		const cpus = 8;
		const lines = model(cpus, 1);
		const line = new CacheLine('mmap_sem', cpus, 0);
		lines.rmw(line, 0, 0); // CPU 0 owns it; busy until 7.
		const now = 1000;
		const ends: number[] = [];
		for (let cpu = 1; cpu < cpus; cpu++) ends.push(now + lines.rmw(line, cpu, now));
		// 1100, 1200, ..., 1700: the k-th waits for the (k-1)-th and pays its own transfer.
		assert.deepEqual(ends, Array.from({length: cpus - 1}, (_, i) => now + (i + 1) * p.casSameSocketNs));
		assert.equal(line.busyUntil, now + (cpus - 1) * p.casSameSocketNs);
		assert.equal(line.owner, cpus - 1);
	});

	test('concurrent atomics across sockets add the transfer each one paid', () => {
		const lines = model(4, 2);
		const line = new CacheLine('l', 4, 0);
		lines.rmw(line, 0, 0); // busy until 7
		const now = 1000;
		const e1 = now + lines.rmw(line, 1, now); // same socket: 1000 + 48
		const e2 = now + lines.rmw(line, 2, now); // cross: 1048 + 136
		const e3 = now + lines.rmw(line, 3, now); // same socket as 2: 1184 + 48
		assert.deepEqual([e1, e2, e3], [1048, 1184, 1232]);
		assert.deepEqual([e1, e2, e3], [now + p.casSameSocketNs, now + p.casSameSocketNs + p.casCrossSocketNs, now + 2 * p.casSameSocketNs + p.casCrossSocketNs]);
	});

	test('an atomic issued while the line is still busy waits for it', () => {
		const lines = model(2, 1);
		const line = new CacheLine('l', 2, 0);
		lines.rmw(line, 0, 0);
		lines.rmw(line, 1, 0); // 7 → 55
		// CPU 0 asks at t=50: starts at 55, pays a transfer back.
		assert.equal(lines.rmw(line, 0, 50), p.atomicOwnNs + 2 * p.casSameSocketNs - 50);
	});

	test('loads that miss at once are served one after another; then every copy hits in parallel', () => {
		const cpus = 8;
		const lines = model(cpus, 1);
		const line = new CacheLine('tree', cpus, 0);
		lines.store(line, 0, 0);
		const now = 1000;
		// One rule for every transfer: the k-th request waits for the k-1 before it.
		for (let cpu = 1; cpu < cpus; cpu++) assert.equal(lines.load(line, cpu, now), cpu * p.storeSameSocketNs);
		assert.equal(line.holderCount, cpus);
		assert.equal(line.busyUntil, now + (cpus - 1) * p.storeSameSocketNs);
		// Each now holds a Shared copy: loads hit and tie nothing up.
		const later = now + 1000;
		for (let cpu = 0; cpu < cpus; cpu++) assert.equal(lines.load(line, cpu, later), p.lineHitNs);
		assert.equal(line.busyUntil, now + (cpus - 1) * p.storeSameSocketNs);
	});

	test('a load waits for a write in flight', () => {
		const lines = model(2, 1);
		const line = new CacheLine('l', 2, 0);
		lines.rmw(line, 0, 0);
		lines.rmw(line, 1, 0); // busy until 7 + 48 = 55
		// A load by CPU 0 at t=10 starts at 55 and pays a transfer from CPU 1.
		assert.equal(lines.load(line, 0, 10), 55 + p.storeSameSocketNs - 10);
	});

	test('a store invalidates every other holder', () => {
		const lines = model(4, 1);
		const line = new CacheLine('seq', 4, 0);
		lines.store(line, 0, 0);
		for (const cpu of [1, 2, 3]) lines.load(line, cpu, 100 * cpu);
		assert.equal(line.holderCount, 4);
		// CPU 0 still has a copy, but others share it: its store is a transfer, not a hit.
		assert.equal(lines.store(line, 0, 1000), p.storeSameSocketNs);
		assert.equal(line.holderCount, 1);
		assert.equal(line.has(0), true);
		for (const cpu of [1, 2, 3]) assert.equal(line.has(cpu), false);
		// The readers must fetch it again, and CPU 0's next atomic is on its own line.
		assert.equal(lines.load(line, 1, 2000), p.storeSameSocketNs);
		assert.equal(lines.rmw(line, 0, 3000), p.casSameSocketNs, 'CPU 1 re-shared the line');
		assert.equal(lines.rmw(line, 0, 4000), p.atomicOwnNs);
	});

	test('a holder bitmap spans more than 32 CPUs', () => {
		const lines = model(64, 1);
		const line = new CacheLine('l', 64, 0);
		lines.load(line, 40, 0);
		assert.equal(line.has(40), true);
		assert.equal(line.has(8), false);
		assert.equal(lines.rmw(line, 40, 10), p.atomicOwnNs);
		assert.equal(lines.rmw(line, 63, 100), p.casSameSocketNs);
		assert.equal(line.has(40), false);
		assert.equal(line.has(63), true);
	});

	test('more than 32 sockets is refused, since the line model keeps a 32-bit socket mask', () => {
		const scenario = {name: 's', description: '', cpus: 64, durationNs: 1, scheme: 'mmap-sem', seed: 1, memcg: true, costs: {}, processes: [], injectMmap: {size: 4096, file: false, shared: false}};
		assert.throws(() => resolveMachine(scenario, {sockets: 33}), /sockets must be an integer from 1 to 32 \(at most the CPU count and 32\), got 33/);
		assert.equal(resolveMachine(scenario, {sockets: 32}).sockets, 32);
	});
});

describe('MESI states and distances', () => {
	// The default machine's costs: 2 × Xeon Gold 6130. Worked by hand in ns.
	test('two readers share a line, then one writes: exact ns and states', () => {
		// 4 CPUs, 2 sockets, no SMT: 0,1 on socket 0; 2,3 on socket 1.
		const lines = model(4, 2);
		const line = new CacheLine('l', 4, 0);
		assert.equal(lines.store(line, 0, 0), 1); // fresh line: a hit, Modified in 0
		assert.equal(line.stateOf(0), 'M');
		assert.equal(lines.load(line, 1, 100), 41); // from 0, same socket: busy 100 → 141
		assert.equal(lines.load(line, 2, 100), 41 + 129); // queues behind 1, then from socket 0 (nearest copy): 141 → 270
		assert.deepEqual([0, 1, 2, 3].map(cpu => line.stateOf(cpu)), ['S', 'S', 'S', 'I']);
		// CPU 1 writes at 300: its copy is Shared, so it must invalidate 0 (same socket) and 2
		// (other socket): the farthest copy prices it, an atomic across sockets.
		assert.equal(lines.rmw(line, 1, 300), 136);
		assert.deepEqual([0, 1, 2, 3].map(cpu => line.stateOf(cpu)), ['I', 'M', 'I', 'I']);
		assert.equal(line.busyUntil, 436);
		// Its next atomic is on its own line.
		assert.equal(lines.rmw(line, 1, 500), 7);
	});

	test('a load takes the nearest copy: sibling, then same socket, then other socket', () => {
		// 2 sockets × 2 cores × 2 threads: cores 0,1 on socket 0, 2,3 on socket 1; siblings n, n+4.
		const lines = new LineModel(p, new Topology(8, 2, 2, 4), new Engine(8));
		const line = new CacheLine('l', 8, 0);
		lines.store(line, 2, 0); // Modified on socket 1
		assert.equal(lines.load(line, 0, 1000), p.storeCrossSocketNs); // only copy is on socket 1
		assert.equal(lines.load(line, 4, 2000), p.lineSiblingNs); // 4 is 0's sibling
		assert.equal(lines.load(line, 1, 3000), p.storeSameSocketNs); // 0 holds it on socket 0
		assert.equal(lines.load(line, 6, 4000), p.lineSiblingNs); // 6 is 2's sibling
	});

	test('a store or atomic between SMT siblings is nearly free; a third holder elsewhere prices it', () => {
		const lines = new LineModel(p, new Topology(8, 2, 2, 4), new Engine(8));
		const line = new CacheLine('l', 8, 0);
		lines.rmw(line, 0, 0);
		assert.equal(lines.rmw(line, 4, 100), p.lineSiblingNs); // 0 → its sibling 4
		assert.equal(lines.store(line, 0, 200), p.lineSiblingNs); // and back
		lines.load(line, 1, 300); // a core of the same socket shares it
		assert.equal(lines.rmw(line, 4, 1000), p.casSameSocketNs, 'must invalidate core 1 too');
		lines.load(line, 3, 2000); // socket 1 shares it
		assert.equal(lines.store(line, 0, 3000), p.storeCrossSocketNs);
	});
});

describe('Topology numbering', () => {
	test('socket-major and Linux SMT numbering: siblings are n and n + cores', () => {
		// 2 × Xeon Gold 6130: 2 sockets × 16 cores × 2 threads.
		const t = new Topology(64, 2, 2, 32);
		assert.deepEqual([...t.socketOf.slice(0, 16)], Array(16).fill(0));
		assert.deepEqual([...t.socketOf.slice(16, 32)], Array(16).fill(1));
		assert.deepEqual([...t.socketOf.slice(32, 48)], Array(16).fill(0));
		assert.equal(t.coreOf[33], 1);
		assert.equal(t.threadOf[33], 1);
		assert.deepEqual(t.siblingsOf(1), [33]);
		assert.deepEqual(t.siblingsOf(47), [15]);
	});

	test('a machine with fewer CPUs than the preset keeps its sockets and fills socket 0 first', () => {
		const scenario = {name: 's', description: '', cpus: 8, durationNs: 1, scheme: 'mmap-sem', seed: 1, memcg: true, costs: {}, processes: [], injectMmap: {size: 4096, file: false, shared: false}};
		const two = resolveMachine(scenario, {cpus: 2});
		assert.deepEqual([two.machine, two.sockets, two.cores, two.threadsPerCore], ['xeon-gold-6130-2s', 2, 32, 2]);
		const topology = new Topology(two.cpus, two.sockets, two.threadsPerCore, two.cores);
		assert.deepEqual([...topology.socketOf], [0, 0], '--cpus 2 lands both CPUs on socket 0');
		assert.deepEqual(topology.siblingsOf(0), [], "CPU 0's sibling, CPU 32, is not in this machine");
		const pair = resolveMachine(scenario, {cpus: 2, sockets: 2});
		assert.deepEqual([...new Topology(2, pair.sockets, pair.threadsPerCore, pair.cores).socketOf], [0, 1], '--sockets still spreads them');
		// Past the physical cores, the siblings: CPU 32 shares core 0.
		const all = resolveMachine(scenario, {cpus: 33});
		assert.deepEqual(new Topology(33, all.sockets, all.threadsPerCore, all.cores).siblingsOf(32), [0]);
		// More CPUs than the preset has: more sockets of the same part.
		assert.equal(resolveMachine(scenario, {cpus: 100}).sockets, 4);
		assert.equal(resolveMachine(scenario, {cpus: 8, threadsPerCore: 1}).threadsPerCore, 1);
		assert.throws(() => resolveMachine(scenario, {cpus: 1024, machine: 'laptop-i7-1165g7'}), /8 CPUs a socket: 1024 CPUs need 128 sockets, more than 32/);
	});

	test('a preset brings its line costs; a scenario cost still overrides them', () => {
		const scenario = {name: 's', description: '', cpus: 4, durationNs: 1, scheme: 'mmap-sem', seed: 1, memcg: true, costs: {casSameSocketNs: 99}, processes: [], injectMmap: {size: 4096, file: false, shared: false}};
		const laptop = resolveMachine({...scenario, costs: {}}, {machine: 'laptop-i7-1165g7'});
		assert.equal(laptop.params.casSameSocketNs, 27);
		assert.equal(laptop.params.socketBandwidthMBps, 53_000);
		assert.equal(resolveMachine(scenario, {machine: 'laptop-i7-1165g7'}).params.casSameSocketNs, 99);
	});
});
