import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {formatInterleaving, interleaving} from '../../source/explore/interleaving.ts';
import type {SimEvent, ViolationEvent} from '../../source/sim/events.ts';

// rcu-2021's race, by hand: CPU 1 faults at 0x200000 in vma#3; CPU 0 unmaps vma#3 (its PTE
// table at 0x200000) and the fault installs its PTE afterwards, in the unlinked table.
const table = 0x20_0000;
const addr = table + 0x5000;
const violation: ViolationEvent = {type: 'violation', t: 900, cpu: 1, fn: 'do_anonymous_page', kind: 'pte-outside-vma', cpus: [1], addr, detail: 'PTE 0x205000 set in PTE table 0x200000 after free_pgtables unlinked it: the page is never unmapped'};
const events: SimEvent[] = [
	{type: 'vma-alloc', t: 0, cpu: 0, fn: 'vm_area_alloc', mm: 0, vma: 3, start: table, end: table + 0x40_0000, flags: 'rw-p anon'},
	// Before the window: not drawn.
	{type: 'fault-start', t: 50, cpu: 1, fn: 'do_user_addr_fault', mm: 0, addr: table + 0x1000, write: true},
	{type: 'fault-end', t: 80, cpu: 1, fn: 'do_user_addr_fault', mm: 0, addr: table + 0x1000, outcome: 'ok', path: 'speculative', kind: 'anon', latencyNs: 30},
	{type: 'fault-start', t: 100, cpu: 1, fn: 'do_user_addr_fault', mm: 0, addr, write: true},
	// Traced steps: the fault's lookup (read twice by one function: drawn once), another VMA's (not drawn).
	{type: 'step', t: 120, cpu: 1, fn: 'find_vma', step: 'vma-use', vma: 3, addr: table},
	{type: 'step', t: 130, cpu: 1, fn: 'lock_vma_under_rcu', step: 'vma-use', vma: 3, addr: table},
	{type: 'step', t: 140, cpu: 1, fn: 'lock_vma_under_rcu', step: 'vma-use', vma: 3, addr: table},
	{type: 'step', t: 150, cpu: 1, fn: 'find_vma', step: 'vma-use', vma: 4, addr: table + 0x40_0000},
	{type: 'writer-begin', t: 200, cpu: 0, fn: '__do_munmap', op: 'munmap', mm: 0, vma: 3, start: table, end: table + 0x40_0000},
	{type: 'lock-acquire', t: 210, cpu: 0, fn: 'mmap_write_lock_killable', lock: 'mmap_sem', mode: 'write', waitNs: 0},
	{type: 'ptl-acquire', t: 300, cpu: 0, fn: 'unmap_page_range', lock: 'ptl@0x200000', mode: 'spin', waitNs: 0},
	// Another table's PTL, and a CPU not involved: not drawn.
	{type: 'ptl-acquire', t: 310, cpu: 0, fn: 'unmap_page_range', lock: 'ptl@0x400000', mode: 'spin', waitNs: 0},
	{type: 'fault-start', t: 320, cpu: 2, fn: 'do_user_addr_fault', mm: 0, addr, write: false},
	{type: 'lock-release', t: 350, cpu: 0, fn: 'unmap_page_range', lock: 'ptl@0x200000', mode: 'spin', holdNs: 50},
	// The writer's rss counter touches nothing the fault does: not drawn.
	{type: 'lock-acquire', t: 360, cpu: 0, fn: 'add_mm_rss_vec', lock: 'mm->rss_stat', mode: 'atomic', waitNs: 0},
	{type: 'step', t: 400, cpu: 0, fn: 'free_pgtables', step: 'pgtable-unlink', vma: -1, addr: table},
	{type: 'step', t: 410, cpu: 0, fn: 'free_pgtables', step: 'pgtable-unlink', vma: -1, addr: 0x40_0000},
	{type: 'lock-release', t: 500, cpu: 0, fn: 'mmap_write_unlock', lock: 'mmap_sem', mode: 'write', holdNs: 290},
	{type: 'writer-end', t: 500, cpu: 0, fn: '__do_munmap', op: 'munmap', mm: 0, vma: 3, flags: '', latencyNs: 300},
	{type: 'rcu-gp', t: 700, cpu: -1, fn: 'rcu_gp_kthread', flavour: 'rcu', gpNs: 500, callbacks: 1},
	{type: 'vma-free', t: 700, cpu: 0, fn: 'vm_area_free_rcu_cb', mm: 0, vma: 3, deferredBy: 'rcu', deferredNs: 500},
	{type: 'ptl-acquire', t: 880, cpu: 1, fn: 'do_anonymous_page', lock: 'ptl@0x200000', mode: 'spin', waitNs: 0},
	// Another page's PTE (fault-around): not drawn; the violating one is.
	{type: 'step', t: 890, cpu: 1, fn: 'set_pte_range', step: 'pte-set', vma: -1, addr: addr + 0x1000},
	{type: 'step', t: 900, cpu: 1, fn: 'set_pte_at', step: 'pte-set', vma: -1, addr},
	violation,
	{type: 'fault-end', t: 950, cpu: 1, fn: 'do_user_addr_fault', mm: 0, addr, outcome: 'ok', path: 'speculative', kind: 'anon', latencyNs: 850},
];

describe('interleaving', () => {
	test('a hand-built rcu-2021 race is drawn whole: two columns, the objects it touches, the violating step marked', () => {
		assert.equal(
			formatInterleaving(interleaving(events, violation)),
			[
				'                 CPU 0                                                   CPU 1',
				'    0.000100 ms                                                          do_user_addr_fault: write fault at 0x205000',
				'    0.000120 ms                                                          find_vma: reads vma#3',
				'    0.000130 ms                                                          lock_vma_under_rcu: reads vma#3',
				'    0.000200 ms  __do_munmap: munmap vma#3 0x200000-0x600000',
				'    0.000210 ms  mmap_write_lock_killable: takes mmap_sem (write)',
				'    0.000300 ms  unmap_page_range: takes ptl@0x200000',
				'    0.000350 ms  unmap_page_range: drops ptl@0x200000',
				'    0.000400 ms  free_pgtables: unlinks PTE table 0x200000 from the PMD',
				'    0.000500 ms  mmap_write_unlock: drops mmap_sem',
				'    0.000500 ms  __do_munmap: munmap done',
				'    0.000700 ms  -- rcu_gp_kthread: rcu grace period ends --',
				'    0.000700 ms  vm_area_free_rcu_cb: vma#3 freed (rcu)',
				'    0.000880 ms                                                          do_anonymous_page: takes ptl@0x200000',
				'    0.000900 ms                                                          set_pte_at: sets PTE 0x205000',
				'>>  0.000900 ms                                                          do_anonymous_page: pte-outside-vma',
				'',
				'CPU 1 in do_anonymous_page: PTE 0x205000 set in PTE table 0x200000 after free_pgtables unlinked it: the page is never unmapped.',
			].join('\n'),
		);
	});

	test('as data: the columns, the steps in time order, one of them violating', () => {
		const diagram = interleaving(events, violation);
		assert.deepEqual(diagram.cpus, [0, 1]);
		assert.deepEqual(diagram.steps.filter(s => s.violating).map(s => [s.cpu, s.fn, s.what]), [[1, 'do_anonymous_page', 'pte-outside-vma']]);
		assert.deepEqual(diagram.steps.map(s => s.t), [100, 120, 130, 200, 210, 300, 350, 400, 500, 500, 700, 700, 880, 900, 900]);
	});

	test('a VMA an mmap merged away and freed at once: the mmap is its writer, drawn with the merge; the VMA is the one the checker names', () => {
		const uaf: ViolationEvent = {type: 'violation', t: 600, cpu: 2, fn: 'vma_has_changed', kind: 'vma-use-after-free', cpus: [2], addr: 0x40_0000, detail: 'vma#10 was freed 100 ns after remove_vma'};
		const run: SimEvent[] = [
			{type: 'vma-alloc', t: 0, cpu: 0, fn: 'vm_area_alloc', mm: 0, vma: 10, start: 0x40_0000, end: 0x80_0000, flags: 'rw-p anon'},
			// A madvise of the VMA since: not the story.
			{type: 'writer-begin', t: 50, cpu: 3, fn: 'do_madvise', op: 'madvise', mm: 0, vma: 10, start: 0x40_0000, end: 0x60_0000},
			{type: 'writer-end', t: 90, cpu: 3, fn: 'do_madvise', op: 'madvise', mm: 0, vma: 10, flags: 'rw-p anon', latencyNs: 40},
			{type: 'fault-start', t: 100, cpu: 2, fn: 'do_user_addr_fault', mm: 0, addr: 0x40_0000, write: true},
			{type: 'step', t: 110, cpu: 2, fn: 'get_vma', step: 'vma-use', vma: 10, addr: 0x40_0000},
			// The writer before it ends in the same nanosecond: not drawn, and not the mmap's end.
			{type: 'lock-release', t: 200, cpu: 0, fn: 'mmap_write_unlock', lock: 'mmap_sem', mode: 'write', holdNs: 10},
			{type: 'writer-end', t: 200, cpu: 0, fn: '__do_munmap', op: 'munmap', mm: 0, vma: 8, flags: '', latencyNs: 10},
			{type: 'writer-begin', t: 200, cpu: 0, fn: 'do_mmap', op: 'mmap', mm: 0, vma: -1, start: 0, end: 0},
			{type: 'vma-adjust', t: 300, cpu: 0, fn: 'vma_expand', mm: 0, vma: 9, start: 0, end: 0x80_0000},
			{type: 'vma-free', t: 500, cpu: 0, fn: '__free_vma', mm: 0, vma: 10, deferredBy: 'none', deferredNs: 100},
			{type: 'writer-end', t: 510, cpu: 0, fn: 'do_mmap', op: 'mmap', mm: 0, vma: 9, flags: 'rw-p anon', latencyNs: 310},
			// Mapped over the freed VMA's range since: the checker names the VMA the fault used.
			{type: 'vma-alloc', t: 520, cpu: 3, fn: 'vm_area_alloc', mm: 0, vma: 11, start: 0x40_0000, end: 0x60_0000, flags: 'rw-p anon'},
			{type: 'step', t: 600, cpu: 2, fn: 'vma_has_changed', step: 'vma-use', vma: 10, addr: 0x40_0000},
			uaf,
		];
		assert.deepEqual(
			interleaving(run, uaf).steps.map(s => `${s.cpu} ${s.fn}: ${s.what}`),
			[
				'2 do_user_addr_fault: write fault at 0x400000',
				'2 get_vma: reads vma#10',
				'0 do_mmap: mmap',
				'0 vma_expand: vma#9 now 0x0-0x800000',
				'0 __free_vma: vma#10 freed at once',
				'0 do_mmap: mmap done',
				'2 vma_has_changed: reads vma#10',
				'2 vma_has_changed: vma-use-after-free',
			],
		);
	});
});
