/**
 * Each scheme's fault path as a trace: one thread faults three pages of a fresh anonymous
 * region while its sibling sleeps (SPF needs a multithreaded mm). The first fault finds no
 * anon_vma or no page table, aborts and falls back where the scheme says so; the second
 * takes the scheme's own path. Events are [type, kernel function, lock or reason or path].
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {resolveMachine, type Scenario} from '../../source/sim/config.ts';
import type {SimEvent} from '../../source/sim/events.ts';
import {Simulator} from '../../source/sim/simulator.ts';
import {builtin, zapRaceWidened, simulate} from './helpers.ts';

const scenario: Scenario = {
	name: 'trace',
	description: 'three faults in a fresh region',
	cpus: 2,
	sockets: 1,
	durationNs: 100_000,
	scheme: 'mmap-sem',
	seed: 1,
	memcg: true,
	costs: {jitterPermille: 0},
	injectMmap: {size: 4096, file: false, shared: false},
	processes: [
		{
			name: 'p',
			count: 1,
			threads: 2,
			mappings: [{name: 'heap', size: 16 * 1024, file: false, shared: false, prot: 'rw'}],
			program: [{op: 'think', ns: 50_000}],
			threadPrograms: [{thread: 0, program: [{op: 'touch', region: 'heap', write: true, stride: 4096, slice: false, random: false}]}],
		},
	],
};

type Row = [string, string, string];

/** Fault number `n` on CPU 0, as rows. */
function fault(scheme: string, n: number): Row[] {
	const events = new Simulator(resolveMachine(scenario, {scheme})).advance(100_000).filter(e => e.cpu === 0);
	const starts = events.flatMap((e, i) => (e.type === 'fault-start' ? [i] : []));
	return events.slice(starts[n], starts[n + 1]).map(row);
}

function row(e: SimEvent): Row {
	const detail = 'lock' in e ? e.lock : e.type === 'spec-abort' ? e.reason : e.type === 'fault-end' ? e.path : '';
	return [e.type, e.fn, detail];
}

const ptl = 'ptl@0x7effffe00000';
/** A VMA reference taken and dropped: reported as an acquisition and release of mode `ref`. */
const refGet = (fn: string, lock: string): Row => ['lock-acquire', fn, lock];
const refPut = (lock: string): Row => ['lock-release', 'atomic_dec_return', lock];
const start: Row = ['fault-start', 'do_user_addr_fault', ''];
const end = (path: string): Row => ['fault-end', 'do_user_addr_fault', path];
const anonUnderPtl: Row[] = [
	['ptl-acquire', 'do_anonymous_page', ptl],
	['lock-release', 'do_anonymous_page', ptl],
];
/**
 * The CPU's first page: `rmqueue_bulk` refills its pcp list under zone->lock, and the empty
 * charge stock sends `try_charge_memcg` to every level's page_counter. Later faults need neither.
 */
const firstPage: Row[] = [
	['lock-acquire', 'rmqueue_bulk', 'node0:zone->lock'],
	['lock-release', 'rmqueue_bulk', 'node0:zone->lock'],
	['lock-acquire', 'page_counter_try_charge', 'memcg.page_counter@session-1.scope'],
	['lock-acquire', 'page_counter_try_charge', 'memcg.page_counter@user.slice'],
	['lock-acquire', 'page_counter_try_charge', 'memcg.page_counter@root'],
];
/** The classic path that allocates the PMD and the PTE table, under mmap_sem. */
const classicFirst: Row[] = [
	['lock-acquire', 'lock_mm_and_find_vma', 'mmap_sem'],
	['ptl-acquire', '__pmd_alloc', 'page_table_lock'],
	['lock-acquire', 'mm_inc_nr_pmds', 'mm->pgtables_bytes'],
	['lock-release', '__pmd_alloc', 'page_table_lock'],
	['ptl-acquire', '__pte_alloc', 'page_table_lock'],
	['lock-acquire', 'mm_inc_nr_ptes', 'mm->pgtables_bytes'],
	['lock-release', '__pte_alloc', 'page_table_lock'],
	...firstPage,
	...anonUnderPtl,
	['lock-release', 'mmap_read_unlock', 'mmap_sem'],
];

describe('the second fault takes each scheme\'s own path', () => {
	const expected: Record<string, Row[]> = {
		'mmap-sem': [start, ['lock-acquire', 'lock_mm_and_find_vma', 'mmap_sem'], ...anonUnderPtl, ['lock-release', 'mmap_read_unlock', 'mmap_sem'], end('classic')],
		// The PTL is taken twice: around find_vma in handle_speculative_fault, and in pte_map_lock.
		'srcu-2010': [start, ['ptl-acquire', 'handle_speculative_fault', ptl], ['lock-release', 'handle_speculative_fault', ptl], ...anonUnderPtl, end('speculative')],
		// find_vma_speculative's atomic_inc_not_zero and vma_put are a get and a put on vma#1.refcnt.
		'refcount-2010': [start, refGet('atomic_inc_not_zero', 'vma#1.refcnt'), ...anonUnderPtl, refPut('vma#1.refcnt'), end('speculative')],
		// get_vma: read_lock(mm_rb_lock), __find_vma, atomic_inc(vm_ref_count), read_unlock.
		'spf-v11': [start, ['lock-acquire', 'get_vma', 'mm_rb_lock'], refGet('atomic_inc', 'vma#1.vm_ref_count'), ['lock-release', 'get_vma', 'mm_rb_lock'], ...anonUnderPtl, refPut('vma#1.vm_ref_count'), end('speculative')],
		'spf-v12': [start, refGet('atomic_inc', 'vma#1.vm_ref_count'), ...anonUnderPtl, refPut('vma#1.vm_ref_count'), end('speculative')],
		'rcu-2021': [start, ...anonUnderPtl, end('speculative')],
		'per-vma': [start, ['lock-acquire', 'vma_start_read', 'vma#1.vm_lock'], ...anonUnderPtl, ['lock-release', 'vma_end_read', 'vma#1.vm_lock'], end('speculative')],
	};
	for (const [scheme, rows] of Object.entries(expected)) test(scheme, () => assert.deepEqual(fault(scheme, 1), rows));
});

describe('the first fault: abort with a reason, then the classic path', () => {
	test('srcu-2010 needs the PTE table to exist', () => assert.deepEqual(fault('srcu-2010', 0), [start, ['spec-abort', 'pte_map_lock', 'no_pgtable'], ...classicFirst, end('fallback')]));
	test('spf-v12 needs an anon_vma', () => assert.deepEqual(fault('spf-v12', 0), [start, refGet('atomic_inc', 'vma#1.vm_ref_count'), ['spec-abort', 'handle_speculative_fault', 'no_anon'], refPut('vma#1.vm_ref_count'), ...classicFirst, end('fallback')]));
	test('per-vma counts VMA_LOCK_ABORT', () => assert.deepEqual(fault('per-vma', 0), [start, ['spec-abort', 'lock_vma_under_rcu', 'VMA_LOCK_ABORT'], ...classicFirst, end('fallback')]));
	test('rcu-2021 allocates the page tables before it even looks the VMA up', () =>
		assert.deepEqual(fault('rcu-2021', 0), [
			start,
			['ptl-acquire', '__pmd_alloc', 'page_table_lock'],
			['lock-acquire', 'mm_inc_nr_pmds', 'mm->pgtables_bytes'],
			['lock-release', '__pmd_alloc', 'page_table_lock'],
			['ptl-acquire', '__pte_alloc', 'page_table_lock'],
			['lock-acquire', 'mm_inc_nr_ptes', 'mm->pgtables_bytes'],
			['lock-release', '__pte_alloc', 'page_table_lock'],
			['spec-abort', 'do_rcu_fault', 'no_anon'],
			['lock-acquire', 'lock_mm_and_find_vma', 'mmap_sem'],
			...firstPage,
			...anonUnderPtl,
			['lock-release', 'mmap_read_unlock', 'mmap_sem'],
			end('fallback'),
		]));
	test('mmap-sem never aborts', () => assert.deepEqual(fault('mmap-sem', 0), [start, ...classicFirst, end('classic')]));
});

test('VMA frees say what deferred them', () => {
	const deferral: Record<string, string> = {
		'mmap-sem': 'none',
		'srcu-2010': 'srcu',
		'refcount-2010': 'rcu',
		// put_vma at remove_vma frees at once unless a fault still holds a reference.
		'spf-v11': 'none',
		'spf-v12': 'rcu',
		'rcu-2021': 'rcu',
		'per-vma': 'rcu',
	};
	for (const [scheme, by] of Object.entries(deferral)) {
		const sim = new Simulator(resolveMachine(builtin('ebizzy'), {scheme, cpus: 2, sockets: 1}));
		const frees = sim.advance(8_000_000).filter(e => e.type === 'vma-free');
		assert.ok(frees.length > 0, scheme);
		assert.deepEqual([...new Set(frees.map(e => e.deferredBy))], [by], scheme);
		if (by !== 'none') assert.ok(frees.every(e => e.deferredNs > 0), `${scheme}: deferred frees wait`);
	}
});

test('page tables: rcu-2021 frees them after a grace period, the irq-pinning schemes after the IPIs', () => {
	const frees = (scheme: string): SimEvent[] => {
		const sim = new Simulator(resolveMachine(zapRaceWidened(), {scheme, cpus: 4}));
		return sim.advance(3_000_000).filter(e => e.type === 'pgtable-free');
	};
	const rcu = frees('rcu-2021');
	assert.ok(rcu.length > 0 && rcu.every(e => e.type === 'pgtable-free' && e.deferredBy === 'rcu' && e.deferredNs >= 5000));
	for (const scheme of ['mmap-sem', 'srcu-2010', 'spf-v11', 'per-vma']) {
		const events = frees(scheme);
		assert.ok(events.length > 0 && events.every(e => e.type === 'pgtable-free' && e.deferredBy === 'none'), scheme);
	}
	// Same scenario, same seed: the checker finds nothing in the correct schemes.
	assert.equal(simulate(zapRaceWidened(), {scheme: 'spf-v11', cpus: 4, durationNs: 3_000_000}).violations.length, 0);
});
