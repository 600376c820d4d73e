/**
 * RCU and SRCU grace periods with short, explicit lengths: rcuGpNs 1000,
 * srcuPollNs 500, srcuPollCostNs 40, smpMbNs 20.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {rcuReadLock, rcuReadUnlock, srcuReadLock, srcuReadUnlock, synchronize} from '../../../source/sim/locks/rcu.ts';
import {makeKernel, ofType, runAll, spawn} from '../helpers.ts';

const params = {rcuGpNs: 1000, srcuPollNs: 500, srcuPollCostNs: 40, smpMbNs: 20};

describe('RCU', () => {
	test('a grace period with no reader lasts exactly rcuGpNs', () => {
		const k = makeKernel({cpus: 2, params});
		const ran: number[] = [];
		k.engine.timer(100, () => k.rcu.call(0, () => ran.push(k.now)));
		const events = runAll(k);
		assert.deepEqual(ran, [1100]);
		assert.deepEqual(ofType(events, 'rcu-gp'), [{type: 'rcu-gp', t: 1100, cpu: -1, fn: 'rcu_gp_kthread', flavour: 'rcu', gpNs: 1000, callbacks: 1}]);
	});

	test('a grace period waits for a reader that was inside when it started', () => {
		const k = makeKernel({cpus: 2, params});
		spawn(k, 1, function* (task) {
			rcuReadLock(k, task);
			yield 5000;
			rcuReadUnlock(k, task);
		});
		const ran: number[] = [];
		k.engine.timer(100, () => k.rcu.call(0, () => ran.push(k.now)));
		const events = runAll(k);
		// Started at 100 with CPU 1 inside; the minimum passes at 1100; the reader leaves at 5000.
		assert.deepEqual(ran, [5000]);
		assert.deepEqual(ofType(events, 'rcu-gp').map(e => [e.t, e.gpNs, e.callbacks]), [[5000, 4900, 1]]);
	});

	test('a reader that leaves early does not shorten the grace period below rcuGpNs', () => {
		const k = makeKernel({cpus: 2, params});
		spawn(k, 1, function* (task) {
			rcuReadLock(k, task);
			yield 300;
			rcuReadUnlock(k, task);
		});
		const ran: number[] = [];
		k.engine.timer(100, () => k.rcu.call(0, () => ran.push(k.now)));
		runAll(k);
		assert.deepEqual(ran, [1100]);
	});

	test('a nested reader holds the grace period until its outermost unlock', () => {
		const k = makeKernel({cpus: 2, params});
		spawn(k, 1, function* (task) {
			rcuReadLock(k, task);
			rcuReadLock(k, task);
			yield 2000;
			rcuReadUnlock(k, task);
			assert.equal(k.rcu.reading(1), true);
			yield 2000;
			rcuReadUnlock(k, task);
			assert.equal(k.rcu.reading(1), false);
		});
		const ran: number[] = [];
		k.engine.timer(100, () => k.rcu.call(0, () => ran.push(k.now)));
		runAll(k);
		assert.deepEqual(ran, [4000]);
	});

	test('a reader that entered after the grace period started is not waited for', () => {
		const k = makeKernel({cpus: 2, params});
		spawn(k, 1, function* (task) {
			rcuReadLock(k, task);
			yield 5000;
			rcuReadUnlock(k, task);
		}, 200);
		const ran: number[] = [];
		k.engine.timer(100, () => k.rcu.call(0, () => ran.push(k.now)));
		runAll(k);
		assert.deepEqual(ran, [1100]);
	});

	test('callbacks queued during a grace period run after the next one', () => {
		const k = makeKernel({cpus: 2, params});
		const ran: string[] = [];
		k.engine.timer(0, () => k.rcu.call(0, () => ran.push(`a@${k.now}`)));
		k.engine.timer(500, () => k.rcu.call(1, () => ran.push(`b@${k.now}`)));
		k.engine.timer(700, () => k.rcu.call(1, () => ran.push(`c@${k.now}`)));
		const events = runAll(k);
		// GP1 [0, 1000] carries a; b and c wait for GP2, which starts when GP1 ends.
		assert.deepEqual(ran, ['a@1000', 'b@2000', 'c@2000']);
		assert.deepEqual(ofType(events, 'rcu-gp').map(e => [e.t, e.gpNs, e.callbacks]), [[1000, 1000, 1], [2000, 1000, 2]]);
	});

	test('synchronize_rcu sleeps for one grace period', () => {
		const k = makeKernel({cpus: 1, params});
		const seen: number[] = [];
		spawn(k, 0, function* (task) {
			yield 10;
			yield* synchronize(k, task, k.rcu);
			seen.push(k.now);
		});
		runAll(k);
		assert.deepEqual(seen, [1010]);
	});

	test('unlock without lock throws', () => {
		const k = makeKernel({cpus: 1, params});
		assert.throws(() => k.rcu.exit(0), /without lock/);
	});
});

describe('SRCU', () => {
	test('with no reader it completes at the second poll and charges each poll as stolen time', () => {
		const k = makeKernel({cpus: 2, params});
		const ran: number[] = [];
		const stolenAtPolls: number[] = [];
		k.engine.timer(0, () => k.srcu.call(1, () => ran.push(k.now)));
		// Observe just before and just after each poll (at 500 and 1000).
		for (const t of [499, 501, 999, 1001]) k.engine.timer(t, () => stolenAtPolls.push(k.engine.stolenNs[1]!));
		const events = runAll(k);
		assert.deepEqual(ran, [1000], 'two polls (index flip), not one');
		assert.deepEqual(stolenAtPolls, [0, 40, 40, 80]);
		assert.equal(k.engine.stolenNs[0], 0, 'only the CPU that asked pays');
		assert.deepEqual(ofType(events, 'rcu-gp'), [{type: 'rcu-gp', t: 1000, cpu: -1, fn: 'srcu_gp_end', flavour: 'srcu', gpNs: 1000, callbacks: 1}]);
	});

	test('the poll cost delays the thread running on the charged CPU', () => {
		const k = makeKernel({cpus: 2, params});
		const seen: number[] = [];
		spawn(k, 1, function* () {
			yield 2000;
			seen.push(k.now);
		});
		k.engine.timer(0, () => k.srcu.call(1, () => {}));
		runAll(k);
		// Two polls of 40 ns each were charged to CPU 1 before its step at 2000.
		assert.deepEqual(seen, [2080]);
	});

	test('a grace period with a reader ends at the first poll after the reader left', () => {
		const k = makeKernel({cpus: 2, params});
		const marks: number[] = [];
		spawn(k, 0, function* (task) {
			yield* srcuReadLock(k, task); // inside from 0, the barrier costs 20
			marks.push(k.now);
			yield 1680;
			yield* srcuReadUnlock(k, task); // 1700 + 20: outside at 1720
			marks.push(k.now);
		});
		const ran: number[] = [];
		k.engine.timer(100, () => k.srcu.call(1, () => ran.push(k.now)));
		const events = runAll(k);
		assert.deepEqual(marks, [20, 1720]);
		// Polls at 600, 1100, 1600 find CPU 0 inside; 2100 finds it gone.
		assert.deepEqual(ran, [2100]);
		assert.deepEqual(ofType(events, 'rcu-gp').map(e => [e.t, e.gpNs]), [[2100, 2000]]);
		assert.equal(k.engine.stolenNs[1], 4 * 40);
	});

	test('callbacks queued during an SRCU grace period wait for the next one', () => {
		const k = makeKernel({cpus: 2, params});
		const ran: string[] = [];
		k.engine.timer(0, () => k.srcu.call(1, () => ran.push(`a@${k.now}`)));
		k.engine.timer(200, () => k.srcu.call(1, () => ran.push(`b@${k.now}`)));
		runAll(k);
		assert.deepEqual(ran, ['a@1000', 'b@2000']);
	});
});
