/**
 * The mm's counters (mm/mm-counters.ts): `mm->pgtables_bytes` at each table installed, the
 * split rss counters folded into `mm->rss_stat` every TASK_RSS_EVENTS_THRESH faults, and
 * `add_mm_rss_vec` at zap.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {userFault} from '../../../source/sim/fault/user-fault.ts';
import {PAGE_SIZE} from '../../../source/sim/mm/pte.ts';
import {VM_READ, VM_WRITE} from '../../../source/sim/mm/vma.ts';
import {handWorkedParams as p, lockRows, makeKernel, makeMm, mapVma, runAll, spawn} from '../helpers.ts';

const counterRows = (rows: ReturnType<typeof lockRows>) => rows.filter(r => r[3].startsWith('mm->')).map(r => [r[1], r[3], r[5]]);

describe('per-mm counters', () => {
	test('one task: the tables count once each; rss reaches the mm at the 66th fault, not before', () => {
		const k = makeKernel({cpus: 1});
		const mm = makeMm(k);
		const vma = mapVma(k, mm, 1 << 20, VM_READ | VM_WRITE);
		const syncedAt: number[] = [];
		spawn(k, 0, function* (task) {
			for (let i = 0; i < 70; i++) {
				const before = k.events.length;
				yield* userFault(k, task, mm, vma.start + i * PAGE_SIZE, true);
				if (k.events.slice(before).some(e => e.type === 'lock-acquire' && e.fn === 'sync_mm_rss')) syncedAt.push(i + 1);
			}
		});
		const rows = counterRows(lockRows(runAll(k)));
		// check_sync_rss_stat: `events++ > 64`, so the 66th fault folds; only MM_ANONPAGES changed.
		assert.deepEqual(syncedAt, [p.rssSyncEvents + 2]);
		assert.deepEqual(rows, [
			[0, 'mm->pgtables_bytes', p.atomicOwnNs], // mm_inc_nr_pmds, fresh line
			[0, 'mm->pgtables_bytes', p.atomicOwnNs], // mm_inc_nr_ptes, own line
			[0, 'mm->rss_stat', p.atomicOwnNs],
		]);
	});

	test('two tasks: the second table install pulls mm->pgtables_bytes from the other CPU', () => {
		const k = makeKernel({cpus: 2});
		const mm = makeMm(k, [0, 1]);
		// Two VMAs 2 MiB apart: each CPU faults in its own PTE table (one PMD table for both).
		const a = mapVma(k, mm, 2 << 20, VM_READ | VM_WRITE);
		const b = mapVma(k, mm, 2 << 20, VM_READ | VM_WRITE);
		spawn(k, 0, function* (task) {
			yield* userFault(k, task, mm, a.start, true);
		});
		spawn(k, 1, function* (task) {
			yield* userFault(k, task, mm, b.start, true);
		}, 20_000);
		const rows = counterRows(lockRows(runAll(k)));
		assert.deepEqual(rows, [
			[0, 'mm->pgtables_bytes', p.atomicOwnNs],
			[0, 'mm->pgtables_bytes', p.atomicOwnNs],
			[1, 'mm->pgtables_bytes', p.casSameSocketNs],
		]);
	});
});
