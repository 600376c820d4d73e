/**
 * rwsem traces worked out by hand from the default costs, jitter off, every CPU on one
 * socket: atomicOwnNs 7, casSameSocketNs 100, wakeupNs 3000. Every down/up is an atomic
 * (rmw) on the semaphore's line.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {Step, Task} from '../../../source/sim/engine.ts';
import type {Kernel} from '../../../source/sim/kernel.ts';
import {RwLock, readLock, readUnlock, writeLock, writeUnlock} from '../../../source/sim/locks/rwlock.ts';
import {downgradeWrite, downRead, downReadTrylock, downWrite, RwSem, upRead, upWrite} from '../../../source/sim/locks/rwsem.ts';
import {lockRows, makeKernel, runAll, spawn} from '../helpers.ts';

const reader = (k: Kernel, sem: RwSem, hold: number) =>
	function* (task: Task): Step {
		yield* downRead(k, task, sem, 'r');
		yield hold;
		yield* upRead(k, task, sem, 'r');
	};

const writer = (k: Kernel, sem: RwSem, hold: number) =>
	function* (task: Task): Step {
		yield* downWrite(k, task, sem, 'w');
		yield hold;
		yield* upWrite(k, task, sem, 'w');
	};

describe('rwsem', () => {
	test('a reader after a waiting writer queues behind it; the writer goes first', () => {
		const k = makeKernel({cpus: 3});
		const sem = new RwSem(k, 'S');
		spawn(k, 0, reader(k, sem, 5000), 0); // R1
		spawn(k, 1, writer(k, sem, 1000), 1000); // W
		spawn(k, 2, reader(k, sem, 100), 2000); // R2
		const events = runAll(k);
		// t=0     R1 rmw on a fresh line: 7 → 7. Free, no waiters: read held from 7 (wait 7).
		// t=1000  W rmw, line on CPU 0: 100 → 1100. A reader holds: contend, sleep.
		// t=2000  R2 rmw, line on CPU 1: 100 → 2100. No writer holds, but W waits: contend
		//         (writer preference), sleep behind W.
		// t=5007  R1 up_read rmw, line on CPU 2: 100 → 5107. Release, held 5107 - 7 = 5100.
		//         The lock is idle: W, at the head, is granted it and woken; R2 stays queued.
		// t=5107  W pays the wakeup: 3000 → 8107, then pulls the line: 100 → 8207.
		//         Acquired at 8207, waited 8207 - 1000 = 7207.
		// t=9207  W up_write rmw on its own line: 7 → 9214, held 9214 - 8207 = 1007. R2 woken.
		// t=9214  R2 wakeup 3000 → 12214, rmw 100 → 12314; waited 12314 - 2000 = 10314.
		// t=12414 R2 up_read on its own line: 7 → 12421, held 107.
		assert.deepEqual(lockRows(events), [
			[7, 0, 'lock-acquire', 'S', 'read', 7],
			[1100, 1, 'lock-contend', 'S', 'write', null],
			[2100, 2, 'lock-contend', 'S', 'read', null],
			[5107, 0, 'lock-release', 'S', 'read', 5100],
			[8207, 1, 'lock-acquire', 'S', 'write', 7207],
			[9214, 1, 'lock-release', 'S', 'write', 1007],
			[12314, 2, 'lock-acquire', 'S', 'read', 10314],
			[12421, 2, 'lock-release', 'S', 'read', 107],
		]);
		assert.equal(sem.idle, true);
		assert.equal(sem.waiters.length, 0);
	});

	test('two readers share the lock without waiting for each other', () => {
		const k = makeKernel({cpus: 2});
		const sem = new RwSem(k, 'S');
		spawn(k, 0, reader(k, sem, 1000), 0);
		spawn(k, 1, reader(k, sem, 1000), 100);
		const events = runAll(k);
		// R0: 0 + 7 = 7, holds to 1007, up_read pulls the line from CPU 1: 100 → 1107 (held 1100).
		// R1: 100 + 100 = 200 (no sleep: only the line transfer), up_read at 1200: the line
		//     is on CPU 0 since 1107 → 1300 (held 1100).
		assert.deepEqual(lockRows(events), [
			[7, 0, 'lock-acquire', 'S', 'read', 7],
			[200, 1, 'lock-acquire', 'S', 'read', 100],
			[1107, 0, 'lock-release', 'S', 'read', 1100],
			[1300, 1, 'lock-release', 'S', 'read', 1100],
		]);
	});

	test('downgrade_write lets the queued readers in while the writer keeps reading', () => {
		const k = makeKernel({cpus: 3});
		const sem = new RwSem(k, 'S');
		spawn(k, 0, function* (task) {
			yield* downWrite(k, task, sem, 'w');
			yield 1000;
			yield* downgradeWrite(k, task, sem, 'dg');
			yield 10_000;
			yield* upRead(k, task, sem, 'w');
		});
		spawn(k, 1, reader(k, sem, 1000), 100); // R1
		spawn(k, 2, reader(k, sem, 1000), 250); // R2
		const events = runAll(k);
		// t=0     W rmw fresh line: 7 → write held from 7.
		// t=100   R1 rmw 100 → 200: writer holds: contend.
		// t=250   R2 rmw 100 → 350: contend.
		// t=1007  W downgrade rmw, line on CPU 2: 100 → 1107. Write released (held 1100), read
		//         taken at once (wait 0); both queued readers are granted and woken.
		// t=1107  R1 wakeup → 4107, rmw (line on CPU 0) 100 → 4207: read, waited 4107.
		//         R2 wakeup → 4107, rmw queued behind R1's (busy until 4207) → 4307, waited 4057.
		// t=5207  R1 up_read rmw (line on CPU 2): 100 → 5307, held 1100.
		// t=5307  R2 up_read rmw (line on CPU 1, busy until 5307): 100 → 5407, held 1100.
		// t=11107 W up_read rmw (line on CPU 2): 100 → 11207, held 11207 - 1107 = 10100.
		assert.deepEqual(lockRows(events), [
			[7, 0, 'lock-acquire', 'S', 'write', 7],
			[200, 1, 'lock-contend', 'S', 'read', null],
			[350, 2, 'lock-contend', 'S', 'read', null],
			[1107, 0, 'lock-release', 'S', 'write', 1100],
			[1107, 0, 'lock-acquire', 'S', 'read', 0],
			[4207, 1, 'lock-acquire', 'S', 'read', 4107],
			[4307, 2, 'lock-acquire', 'S', 'read', 4057],
			[5307, 1, 'lock-release', 'S', 'read', 1100],
			[5407, 2, 'lock-release', 'S', 'read', 1100],
			[11207, 0, 'lock-release', 'S', 'read', 10100],
		]);
		assert.deepEqual(events.filter(e => e.t === 1107).map(e => e.fn), ['dg', 'dg']);
		// A reader granted at the hand-over and timed again when it wakes is one reader.
		assert.equal(sem.readers, 0);
		assert.equal(sem.idle, true);
	});

	test('downgrade_write wakes readers at the head but not past a queued writer', () => {
		const k = makeKernel({cpus: 4});
		const sem = new RwSem(k, 'S');
		spawn(k, 0, function* (task) {
			yield* downWrite(k, task, sem, 'w');
			yield 1000;
			yield* downgradeWrite(k, task, sem, 'dg');
			yield 10_000;
			yield* upRead(k, task, sem, 'w');
		});
		spawn(k, 1, reader(k, sem, 100), 100);
		spawn(k, 2, writer(k, sem, 100), 300);
		spawn(k, 3, reader(k, sem, 100), 500);
		const events = runAll(k);
		const acquires = events.filter(e => e.type === 'lock-acquire').map(e => [e.cpu, (e as {mode: string}).mode]);
		// The reader behind the writer waits for it even though the lock is only read-held.
		assert.deepEqual(acquires, [[0, 'write'], [0, 'read'], [1, 'read'], [2, 'write'], [3, 'read']]);
		const w2 = events.find(e => e.type === 'lock-acquire' && e.cpu === 2)!;
		const wRelease = events.find(e => e.type === 'lock-release' && e.cpu === 0 && e.mode === 'read')!;
		assert.ok(w2.t > wRelease.t, 'the queued writer waits for the downgraded reader to leave');
	});

	test('down_read_trylock fails behind a waiting writer and succeeds on a read-held lock', () => {
		const k = makeKernel({cpus: 3});
		const sem = new RwSem(k, 'S');
		const results: boolean[] = [];
		spawn(k, 0, reader(k, sem, 5000), 0);
		spawn(k, 1, function* (task) {
			results.push(yield* downReadTrylock(k, task, sem, 'try'));
			yield 2000;
			results.push(yield* downReadTrylock(k, task, sem, 'try'));
		}, 100);
		spawn(k, 2, writer(k, sem, 100), 1000);
		runAll(k);
		assert.deepEqual(results, [true, false]);
	});
});

describe('rwlock', () => {
	test('a waiter spins: no wakeup cost, and write_unlock is a plain store', () => {
		const k = makeKernel({cpus: 2});
		const lock = new RwLock(k, 'RB');
		spawn(k, 0, function* (task) {
			yield* writeLock(k, task, lock, 'w');
			yield 500;
			yield* writeUnlock(k, task, lock, 'w');
		});
		spawn(k, 1, function* (task) {
			yield* readLock(k, task, lock, 'r');
			yield* readUnlock(k, task, lock, 'r');
		}, 100);
		const events = runAll(k);
		// W: 7 → write from 7; R: 100 + 100 = 200, contend.
		// W at 507: store, line on CPU 1: 50 → 557, held 550; R granted, spins (no 3000).
		// R rmw from 557: 100 → 657, waited 557; read_unlock rmw own line 7 → 664.
		assert.deepEqual(lockRows(events), [
			[7, 0, 'lock-acquire', 'RB', 'write', 7],
			[200, 1, 'lock-contend', 'RB', 'read', null],
			[557, 0, 'lock-release', 'RB', 'write', 550],
			[657, 1, 'lock-acquire', 'RB', 'read', 557],
			[664, 1, 'lock-release', 'RB', 'read', 7],
		]);
	});
});
