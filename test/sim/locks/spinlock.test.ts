/**
 * Spinlock traces worked out by hand from the default costs, jitter off:
 * atomicOwnNs 7, casSameSocketNs 100, casCrossSocketNs 450, lineHitNs 1,
 * storeSameSocketNs 50, storeCrossSocketNs 150.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {SpinLock, spinLock, spinTrylock, spinUnlock} from '../../../source/sim/locks/spinlock.ts';
import {lockRows, makeKernel, ofType, runAll, spawn} from '../helpers.ts';

const HOLD = 500;

function twoCpuSpin(sockets: number) {
	const k = makeKernel({cpus: 2, sockets});
	const lock = new SpinLock(k, 'L', false);
	for (const cpu of [0, 1]) {
		spawn(k, cpu, function* (task) {
			yield* spinLock(k, task, lock, 'f');
			yield HOLD;
			yield* spinUnlock(k, task, lock, 'f');
		});
	}
	return {k, lock, events: runAll(k)};
}

describe('spinlock', () => {
	test('two CPUs on one socket: the second spins and gets the lock at release + transfer', () => {
		const {lock, events} = twoCpuSpin(1);
		// t=0  CPU 0 cmpxchg on a fresh line: own, 7 → done at 7, lock free: acquired (wait 7).
		// t=0  CPU 1 cmpxchg: line held by CPU 0, same socket: 100, queued behind CPU 0's
		//      write (busy until 7) → done at 107; the lock is held: contend at 107, spin.
		// t=507 CPU 0 unlock store: CPU 1 took the line at 0, same socket store: 50 → 557;
		//      release at 557 (held 557 - 7 = 550), lock handed to CPU 1.
		// t=557 CPU 1 pulls the line back for its cmpxchg: 100 → 657; acquired, waited 657 - 0.
		// t=1157 CPU 1 unlock store on its own line: 1 → 1158, held 1158 - 657 = 501.
		assert.deepEqual(lockRows(events), [
			[7, 0, 'lock-acquire', 'L', 'spin', 7],
			[107, 1, 'lock-contend', 'L', 'spin', null],
			[557, 0, 'lock-release', 'L', 'spin', 550],
			[657, 1, 'lock-acquire', 'L', 'spin', 657],
			[1158, 1, 'lock-release', 'L', 'spin', 501],
		]);
		assert.equal(lock.holder, null);
		assert.deepEqual(events.map(e => e.fn), ['f', 'f', 'f', 'f', 'f']);
	});

	test('two CPUs on two sockets pay cross-socket transfers', () => {
		const {events} = twoCpuSpin(2);
		// CPU 1's cmpxchg crosses sockets: starts at 7, 450 → 457, contend.
		// CPU 0's unlock store crosses: 507 + 150 = 657, held 650.
		// CPU 1 pulls it back across: 657 + 450 = 1107, waited 1107.
		// CPU 1's unlock on its own line: 1607 + 1 = 1608, held 501.
		assert.deepEqual(lockRows(events), [
			[7, 0, 'lock-acquire', 'L', 'spin', 7],
			[457, 1, 'lock-contend', 'L', 'spin', null],
			[657, 0, 'lock-release', 'L', 'spin', 650],
			[1107, 1, 'lock-acquire', 'L', 'spin', 1107],
			[1608, 1, 'lock-release', 'L', 'spin', 501],
		]);
	});

	test('spinners get the lock in arrival order (MCS)', () => {
		const k = makeKernel({cpus: 4});
		const lock = new SpinLock(k, 'L', false);
		for (const [cpu, at] of [[0, 0], [3, 100], [1, 200], [2, 300]] as const) {
			spawn(k, cpu, function* (task) {
				yield* spinLock(k, task, lock, 'f');
				yield HOLD;
				yield* spinUnlock(k, task, lock, 'f');
			}, at);
		}
		const events = runAll(k);
		assert.deepEqual(ofType(events, 'lock-acquire').map(e => e.cpu), [0, 3, 1, 2]);
		assert.deepEqual(ofType(events, 'lock-contend').map(e => e.cpu), [3, 1, 2]);
	});

	test('a page-table lock reports ptl-acquire instead of lock-acquire', () => {
		const k = makeKernel({cpus: 1});
		const ptl = new SpinLock(k, 'ptl@0x0', true);
		spawn(k, 0, function* (task) {
			yield* spinLock(k, task, ptl, 'do_anonymous_page');
			yield* spinUnlock(k, task, ptl, 'do_anonymous_page');
		});
		const events = runAll(k);
		// Fresh line: 7; unlock store on the own line: 1.
		assert.deepEqual(lockRows(events), [
			[7, 0, 'ptl-acquire', 'ptl@0x0', 'spin', 7],
			[8, 0, 'lock-release', 'ptl@0x0', 'spin', 1],
		]);
	});

	test('spin_trylock fails without queuing while the lock is held, succeeds once free', () => {
		const k = makeKernel({cpus: 2});
		const lock = new SpinLock(k, 'L', false);
		const results: [number, boolean][] = [];
		spawn(k, 0, function* (task) {
			yield* spinLock(k, task, lock, 'f');
			yield 1000;
			yield* spinUnlock(k, task, lock, 'f');
		});
		spawn(k, 1, function* (task) {
			yield 100;
			const first = yield* spinTrylock(k, task, lock, 'g');
			results.push([k.now, first]);
			yield 2000;
			const second = yield* spinTrylock(k, task, lock, 'g');
			results.push([k.now, second]);
		});
		const events = runAll(k);
		// First try: cmpxchg at 100, transfer 100 → 200: held, false. Second at 2200: CPU 0's
		// unlock took the line back at 1007 (store 50 → 1057), so again 100 → 2300: free, true.
		assert.deepEqual(results, [[200, false], [2300, true]]);
		assert.deepEqual(lockRows(events).filter(r => r[1] === 1), [[2300, 1, 'lock-acquire', 'L', 'trylock', 100]]);
		assert.equal(lock.queue.length, 0);
		assert.equal(lock.holder?.cpu, 1);
	});
});
