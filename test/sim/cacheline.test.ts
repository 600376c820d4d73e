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
		const line = new CacheLine('l', 4);
		// Nobody holds a fresh line: exclusive at once.
		assert.equal(lines.rmw(line, 0, 0), p.atomicOwnNs);
		assert.equal(line.owner, 0);
		assert.equal(lines.rmw(line, 0, 100), p.atomicOwnNs);
		assert.equal(line.busyUntil, 100 + p.atomicOwnNs);
	});

	test('an atomic pulls the line from another core: same socket vs cross socket', () => {
		// 4 CPUs on 2 sockets: 0,1 on socket 0; 2,3 on socket 1.
		const lines = model(4, 2);
		const line = new CacheLine('l', 4);
		lines.rmw(line, 0, 0);
		assert.equal(lines.rmw(line, 1, 1000), p.casSameSocketNs); // 0 → 1, socket 0 → 0
		assert.equal(lines.rmw(line, 2, 2000), p.casCrossSocketNs); // 1 → 2, socket 0 → 1
		assert.equal(lines.rmw(line, 3, 3000), p.casSameSocketNs); // 2 → 3, socket 1 → 1
		assert.equal(lines.rmw(line, 0, 4000), p.casCrossSocketNs); // 3 → 0, socket 1 → 0
	});

	test('a store costs lineHitNs on an own line and a store transfer otherwise', () => {
		const lines = model(4, 2);
		const line = new CacheLine('l', 4);
		assert.equal(lines.store(line, 0, 0), p.lineHitNs);
		assert.equal(lines.store(line, 1, 100), p.storeSameSocketNs);
		assert.equal(lines.store(line, 2, 200), p.storeCrossSocketNs);
		assert.equal(lines.store(line, 2, 1000), p.lineHitNs);
	});

	test('concurrent atomics from N CPUs complete one after another, each a transfer after the last', () => {
		const cpus = 8;
		const lines = model(cpus, 1);
		const line = new CacheLine('mmap_sem', cpus);
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
		const line = new CacheLine('l', 4);
		lines.rmw(line, 0, 0); // busy until 7
		const now = 1000;
		const e1 = now + lines.rmw(line, 1, now); // same socket: 1000 + 100
		const e2 = now + lines.rmw(line, 2, now); // cross: 1100 + 450
		const e3 = now + lines.rmw(line, 3, now); // same socket as 2: 1550 + 100
		assert.deepEqual([e1, e2, e3], [1100, 1550, 1650]);
	});

	test('an atomic issued while the line is still busy waits for it', () => {
		const lines = model(2, 1);
		const line = new CacheLine('l', 2);
		lines.rmw(line, 0, 0);
		lines.rmw(line, 1, 0); // 7 → 107
		// CPU 0 asks at t=50: starts at 107, pays a transfer back.
		assert.equal(lines.rmw(line, 0, 50), 107 + p.casSameSocketNs - 50);
	});

	test('loads by many CPUs proceed in parallel', () => {
		const cpus = 8;
		const lines = model(cpus, 1);
		const line = new CacheLine('tree', cpus);
		lines.store(line, 0, 0);
		const now = 1000;
		for (let cpu = 1; cpu < cpus; cpu++) assert.equal(lines.load(line, cpu, now), p.storeSameSocketNs);
		assert.equal(line.holderCount, cpus);
		assert.equal(line.busyUntil, p.lineHitNs, 'loads do not tie the line up');
		// Each now holds a copy: a second load hits.
		for (let cpu = 0; cpu < cpus; cpu++) assert.equal(lines.load(line, cpu, now + 10), p.lineHitNs);
	});

	test('a load waits for a write in flight', () => {
		const lines = model(2, 1);
		const line = new CacheLine('l', 2);
		lines.rmw(line, 0, 0);
		lines.rmw(line, 1, 0); // busy until 107
		// A load by CPU 0 at t=10 starts at 107 and pays a shared transfer.
		assert.equal(lines.load(line, 0, 10), 107 + p.storeSameSocketNs - 10);
	});

	test('a store invalidates every other holder', () => {
		const lines = model(4, 1);
		const line = new CacheLine('seq', 4);
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
		const line = new CacheLine('l', 64);
		lines.load(line, 40, 0);
		assert.equal(line.has(40), true);
		assert.equal(line.has(8), false);
		assert.equal(lines.rmw(line, 40, 10), p.atomicOwnNs);
		assert.equal(lines.rmw(line, 63, 100), p.casSameSocketNs);
		assert.equal(line.has(40), false);
		assert.equal(line.has(63), true);
	});

	test('more than 32 sockets is refused, since the line model keeps a 32-bit socket mask', () => {
		const scenario = {name: 's', description: '', cpus: 64, sockets: 2, durationNs: 1, scheme: 'mmap-sem', seed: 1, memcg: true, costs: {}, processes: [], injectMmap: {size: 4096, file: false, shared: false}};
		assert.throws(() => resolveMachine(scenario, {sockets: 33}), /sockets must be an integer from 1 to 32 \(at most the CPU count and 32\), got 33/);
		assert.equal(resolveMachine(scenario, {sockets: 32}).sockets, 32);
	});
});
