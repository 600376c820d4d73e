/** TLB shootdown: IPIs to the mm's other CPUs, time stolen from them, and waiting on irqs-off CPUs. */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {flushTlbMm, localIrqDisable, localIrqEnable} from '../../../source/sim/mm/tlb.ts';
import {defaultParams as p} from '../../../source/sim/params.ts';
import {makeKernel, makeMm, ofType, runAll, spawn} from '../helpers.ts';

describe('flush_tlb_mm', () => {
	test('IPIs every other CPU of the mm and steals ipiHandleNs from each', () => {
		const k = makeKernel({cpus: 4});
		const mm = makeMm(k, [0, 1, 2]); // CPU 3 runs another mm
		const resumed: Record<number, number> = {};
		spawn(k, 0, function* (task) {
			yield* flushTlbMm(k, task, mm, 'tlb_finish_mmu');
		});
		for (const cpu of [1, 2, 3]) {
			spawn(k, cpu, function* () {
				yield 1000;
				resumed[cpu] = k.now;
			});
		}
		const events = runAll(k);
		// Local flush 150, then send 100 + the remote handler 600: 850.
		assert.deepEqual(ofType(events, 'tlb-shootdown'), [{type: 'tlb-shootdown', t: 850, cpu: 0, fn: 'tlb_finish_mmu', mm: 0, targets: 2, latencyNs: p.tlbFlushNs + p.ipiSendNs + p.ipiHandleNs}]);
		// CPUs 1 and 2 lose 600 ns; CPU 3 is not in the mm.
		assert.deepEqual(resumed, {1: 1000 + p.ipiHandleNs, 2: 1000 + p.ipiHandleNs, 3: 1000});
	});

	test('a single-threaded mm flushes locally and reports no shootdown', () => {
		const k = makeKernel({cpus: 2});
		const mm = makeMm(k, [0]);
		let done = -1;
		spawn(k, 0, function* (task) {
			yield* flushTlbMm(k, task, mm, 'f');
			done = k.now;
		});
		const events = runAll(k);
		assert.equal(done, p.tlbFlushNs);
		assert.equal(ofType(events, 'tlb-shootdown').length, 0);
	});

	test('a target with interrupts off acknowledges only when it enables them', () => {
		const k = makeKernel({cpus: 2});
		const mm = makeMm(k, [0, 1]);
		spawn(k, 1, function* (task) {
			localIrqDisable(k, task);
			yield 5000;
			localIrqEnable(k, task);
		});
		spawn(k, 0, function* (task) {
			yield* flushTlbMm(k, task, mm, 'f');
		}, 100);
		const events = runAll(k);
		const [ev] = ofType(events, 'tlb-shootdown');
		// Sent at 250; without irqs off it would complete at 950. CPU 1 reaches its
		// local_irq_enable at 5000, but first pays the 600 ns handler: acknowledged at 5600.
		assert.equal(ev!.t, 5000 + p.ipiHandleNs);
		assert.equal(ev!.latencyNs, 5600 - 100);
		assert.equal(k.cpus[1]!.ipiWaiters.length, 0);
	});
});
