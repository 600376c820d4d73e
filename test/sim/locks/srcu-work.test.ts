/**
 * The scheduling work SRCU does per freed VMA (locks/rcu.ts, classic kernel/srcu.c):
 * `call_srcu` under `sp->queue_lock`, and `process_srcu` runs once a jiffy, each charged to
 * its CPU, invoking at most SRCU_CALLBACK_BATCH callbacks.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {callSrcu} from '../../../source/sim/locks/rcu.ts';
import {defaultParams as p} from '../../../source/sim/params.ts';
import {lockRows, makeKernel, ofType, runAll, spawn} from '../helpers.ts';

const jiffy = p.srcuPollNs;

describe('SRCU work per freed VMA', () => {
	test('25 call_srcu at once: 1 callback after the first grace period, then 10, 10 and 4 a jiffy apart; six runs charged to the queuing CPU', () => {
		const k = makeKernel({cpus: 2, scheme: 'srcu-2010'});
		const invoked: number[] = [];
		spawn(k, 1, function* (task) {
			for (let i = 0; i < 25; i++) yield* callSrcu(k, task, () => invoked.push(k.now));
		});
		const events = runAll(k);
		// The first call starts grace period 1 alone; the other 24 queue behind it.
		// process_srcu at 1 and 2 jiffies: two reader checks end it, its 1 callback runs at 2;
		// grace period 2 ends at 4 with 24 callbacks, run 10 at 4, 10 at 5, 4 at 6; then idle.
		const perJiffy = new Map<number, number>();
		// (The first call_srcu queued at 7 ns, after its atomic on the lock: runs fall 7 ns past each jiffy.)
		for (const t of invoked) perJiffy.set(Math.floor(t / jiffy), (perJiffy.get(Math.floor(t / jiffy)) ?? 0) + 1);
		assert.deepEqual([...perJiffy], [[2, 1], [4, 10], [5, 10], [6, 4]]);
		assert.deepEqual(ofType(events, 'rcu-gp').map(e => [Math.floor(e.t / jiffy), e.callbacks]), [[2, 1], [4, 24]]);
		// Six runs of the work, on CPU 1 (where the first call_srcu queued it), none on CPU 0.
		assert.equal(k.engine.stolenNs[1], 6 * p.srcuPollCostNs);
		assert.equal(k.engine.stolenNs[0], 0);
		// Every call took the queue lock.
		assert.equal(lockRows(events).filter(r => r[2] === 'lock-acquire' && r[3] === 'srcu_struct.queue_lock').length, 25);
	});

	test('two CPUs freeing at once pass the queue lock between them', () => {
		const k = makeKernel({cpus: 2, scheme: 'srcu-2010'});
		for (const cpu of [0, 1]) spawn(k, cpu, function* (task) {
			yield* callSrcu(k, task, () => {});
		});
		const rows = lockRows(runAll(k)).filter(r => r[3] === 'srcu_struct.queue_lock').map(r => [r[0], r[1], r[2], r[5]]);
		assert.deepEqual(rows, [
			// CPU 0 takes the lock on a fresh line at 0-7.
			[7, 0, 'lock-acquire', p.atomicOwnNs],
			// CPU 1's atomic pulls the line at 7-107 and finds the lock held: it spins.
			[107, 1, 'lock-contend', null],
			// CPU 0's unlock store must pull the line back: 107-157.
			[157, 0, 'lock-release', 150],
			// CPU 1, handed the lock, pulls the line once more: 157-257.
			[257, 1, 'lock-acquire', 257],
			[258, 1, 'lock-release', 1],
		]);
	});
});
