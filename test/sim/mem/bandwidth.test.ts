/**
 * Memory bandwidth per socket (mem/bandwidth.ts, mem/page-ops.ts): page clears and copies
 * queue on their socket's channels, so no run zeroes faster than sockets × bandwidth.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {resolveMachine} from '../../../source/sim/config.ts';
import {clearPage, copyPage} from '../../../source/sim/mem/page-ops.ts';
import {loadScenarioFile} from '../../../source/scenarios/load.ts';
import {Simulator} from '../../../source/sim/simulator.ts';
import {defaultParams} from '../../../source/sim/params.ts';
import {lockRows, makeKernel, runAll, sha256, spawn} from '../helpers.ts';

/** 4096 MB/s: one 4 KiB page holds a socket's channels for exactly 1000 ns. */
const tiny = {socketBandwidthMBps: 4096};

describe('memory bandwidth per socket', () => {
	test('two CPUs clearing at once on one socket: the second waits for the first page to pass', () => {
		const k = makeKernel({cpus: 2, sockets: 1, params: tiny});
		const done: number[] = [];
		for (const cpu of [0, 1]) spawn(k, cpu, function* () {
			yield* clearPage(k, cpu, 'clear_page');
			done[cpu] = k.now;
		});
		const events = runAll(k);
		// CPU part 300 ns; channels: CPU 0's page 0-1000, CPU 1's 1000-2000.
		assert.deepEqual(done, [1000, 2000]);
		assert.deepEqual(lockRows(events), [
			[1000, 0, 'lock-acquire', 'membw@node0', 'bw', 700],
			[2000, 1, 'lock-acquire', 'membw@node0', 'bw', 1700],
		]);
	});

	test('on two sockets they do not wait for each other; a copy moves two pages of bytes', () => {
		const k = makeKernel({cpus: 2, sockets: 2, params: tiny});
		const done: number[] = [];
		for (const cpu of [0, 1]) spawn(k, cpu, function* () {
			yield* clearPage(k, cpu, 'clear_page');
			done[cpu] = k.now;
			yield* copyPage(k, cpu, 'copy_page');
			done[cpu] = k.now;
		});
		runAll(k);
		// Each socket: the clear 0-1000, then the copy's 8 KiB 1000-3000.
		assert.deepEqual(done, [3000, 3000]);
		assert.deepEqual([...k.bandwidth.bytes], [3 * 4096, 3 * 4096]);
	});

	test('an idle socket costs only the CPU part', () => {
		const k = makeKernel({cpus: 1});
		spawn(k, 0, function* () {
			yield* clearPage(k, 0, 'clear_page');
		});
		const events = runAll(k);
		const ns = k.now;
		// 4096 B at 100 GB/s is 41 ns of channel time, well inside the 300 ns of the CPU's own stores.
		assert.equal(ns, defaultParams.pageZeroNs);
		assert.deepEqual(lockRows(events), []);
	});

	test('64 CPUs zeroing flat out never exceed sockets × bandwidth', () => {
		const k = makeKernel({cpus: 64, sockets: 2});
		const pages = 200;
		for (let cpu = 0; cpu < 64; cpu++) spawn(k, cpu, function* () {
			for (let i = 0; i < pages; i++) yield* clearPage(k, cpu, 'clear_page');
		});
		runAll(k);
		const bytes = 64 * pages * 4096;
		// Bytes per ns are GB/s: the cap is 2 × 100 GB/s; alone, 64 CPUs would do 64 × 4096 / 300 = 874 GB/s.
		const gbps = bytes / k.now;
		assert.ok(gbps <= 2 * defaultParams.socketBandwidthMBps / 1000, `${gbps.toFixed(1)} GB/s`);
		assert.ok(gbps > 0.99 * 200, `the channels stay saturated: ${gbps.toFixed(1)} GB/s`);
	});

	test('pft at 64 CPUs under rcu-2021: faults × 4 KiB over the run stays under 2 × 100 GB/s', () => {
		const scenario = loadScenarioFile('scenarios/pft.yaml');
		const sim = new Simulator(resolveMachine(scenario, {cpus: 64, sockets: 2, scheme: 'rcu-2021'}));
		const events = sim.advance(2_000_000);
		const anon = events.filter(e => e.type === 'fault-end' && e.kind === 'anon').length;
		const gbps = (anon * 4096) / 2_000_000;
		assert.ok(gbps <= 200, `${gbps.toFixed(1)} GB/s`);
		assert.ok(events.some(e => e.type === 'lock-acquire' && e.lock.startsWith('membw@node1')), 'socket 1 saturates too');
	});

	test('same seed, same stream', () => {
		const run = () => new Simulator(resolveMachine(loadScenarioFile('scenarios/pft.yaml'), {cpus: 16, scheme: 'srcu-2010'})).advance(500_000);
		assert.equal(sha256(run()), sha256(run()));
	});
});
