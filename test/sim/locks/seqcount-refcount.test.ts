import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {atomicDecReturn, atomicInc, atomicIncNotZero, atomicRead, RefCount} from '../../../source/sim/locks/refcount.ts';
import {rawReadSeqcount, readSeqcountRetry, SeqCount, writeSeqcountBegin, writeSeqcountEnd} from '../../../source/sim/locks/seqcount.ts';
import {defaultParams as p} from '../../../source/sim/params.ts';
import {makeKernel, runAll, spawn} from '../helpers.ts';

describe('seqcount', () => {
	test('the count is odd while a writer is inside and even after', () => {
		const k = makeKernel({cpus: 2});
		const seq = new SeqCount(k, 'vma#1.vm_sequence');
		const seen: [string, number, number][] = [];
		spawn(k, 0, function* (task) {
			yield* writeSeqcountBegin(k, task, seq);
			yield 1000;
			yield* writeSeqcountEnd(k, task, seq);
		});
		spawn(k, 1, function* (task) {
			yield 500;
			seen.push(['inside', yield* rawReadSeqcount(k, task, seq), k.now]);
			yield 2000;
			seen.push(['after', yield* rawReadSeqcount(k, task, seq), k.now]);
		});
		runAll(k);
		// Writer: store on a fresh line 1 → odd from 1; end store at 1001 pulls the line back
		// from CPU 1 (it loaded at 500): 50 → 1051, even.
		// Reader: load at 500 (line on CPU 0, same socket): 50 → 550; at 2550 the line moved
		// to the writer since: 50 → 2600.
		assert.deepEqual(seen, [['inside', 1, 550], ['after', 2, 2600]]);
	});

	test('read_seqcount_retry sees a write that happened in between, and only then', () => {
		const k = makeKernel({cpus: 2});
		const seq = new SeqCount(k, 'seq');
		const retries: boolean[] = [];
		spawn(k, 1, function* (task) {
			const start = yield* rawReadSeqcount(k, task, seq);
			assert.equal(start % 2, 0);
			retries.push(yield* readSeqcountRetry(k, task, seq, start)); // nothing happened yet
			yield 1000;
			retries.push(yield* readSeqcountRetry(k, task, seq, start)); // the writer ran at 100..
		});
		spawn(k, 0, function* (task) {
			yield* writeSeqcountBegin(k, task, seq);
			yield* writeSeqcountEnd(k, task, seq);
		}, 100);
		runAll(k);
		assert.deepEqual(retries, [false, true]);
		assert.equal(seq.sequence, 2);
	});

	test('readers only load: a reader holding the line pays a hit, not a transfer', () => {
		const k = makeKernel({cpus: 2});
		const seq = new SeqCount(k, 'seq');
		const times: number[] = [];
		spawn(k, 1, function* (task) {
			yield* rawReadSeqcount(k, task, seq);
			times.push(k.now);
			yield* rawReadSeqcount(k, task, seq);
			times.push(k.now);
		});
		runAll(k);
		assert.deepEqual(times, [p.lineHitNs, 2 * p.lineHitNs]);
	});
});

describe('refcount', () => {
	test('atomic_inc_not_zero takes a reference while the count is live and fails at zero', () => {
		const k = makeKernel({cpus: 1});
		const ref = new RefCount(k, 'vma#1.refcnt', 1);
		const log: (boolean | number)[] = [];
		spawn(k, 0, function* (task) {
			log.push(yield* atomicIncNotZero(k, task, ref)); // 1 → 2
			log.push(yield* atomicDecReturn(k, task, ref)); // 2 → 1
			log.push(yield* atomicDecReturn(k, task, ref)); // 1 → 0: dying
			log.push(yield* atomicIncNotZero(k, task, ref)); // stays 0
			log.push(yield* atomicRead(k, task, ref));
			yield* atomicInc(k, task, ref);
			log.push(yield* atomicRead(k, task, ref));
		});
		runAll(k);
		assert.deepEqual(log, [true, 1, 0, false, 0, 1]);
		assert.equal(ref.count, 1);
	});

	test('gets and puts from two CPUs bounce the line like a lock', () => {
		const k = makeKernel({cpus: 2});
		const ref = new RefCount(k, 'ref', 1);
		const ends: number[] = [];
		for (const [cpu, at] of [[0, 0], [1, 1000], [0, 2000]] as const) {
			spawn(k, cpu, function* (task) {
				yield* atomicInc(k, task, ref);
				ends.push(k.now);
			}, at);
		}
		runAll(k);
		// Own fresh line 7; then a same-socket transfer each time the CPU changes.
		assert.deepEqual(ends, [k.params.atomicOwnNs, 1000 + k.params.casSameSocketNs, 2000 + k.params.casSameSocketNs]);
		assert.equal(ref.count, 4);
	});
});
