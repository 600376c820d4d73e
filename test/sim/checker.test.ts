/** Every checker invariant tripped by a hand-built bad state, and the writer-range deferral. */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {ViolationEvent} from '../../source/sim/events.ts';
import {installPte} from '../../source/sim/fault/pte-lock.ts';
import type {Kernel} from '../../source/sim/kernel.ts';
import {downRead, downWrite, RwSem, upRead, upWrite} from '../../source/sim/locks/rwsem.ts';
import {SpinLock, spinLock, spinUnlock} from '../../source/sim/locks/spinlock.ts';
import type {Mm} from '../../source/sim/mm/mm.ts';
import {PteTable, pmdKey} from '../../source/sim/mm/pgtable.ts';
import {PTE_PRESENT, PTE_WRITE} from '../../source/sim/mm/pte.ts';
import {VM_READ, VM_WRITE} from '../../source/sim/mm/vma.ts';
import {writerBegin, writerChanging, writerEnd} from '../../source/sim/mm/writer.ts';
import {linkVma, makeKernel, makeMm, ofType, runAll, spawn} from './helpers.ts';

const MB2 = 1 << 21;
/** A 2 MiB-aligned address with room around it. */
const BASE = 0x4000_0000;

function setup() {
	const k = makeKernel({cpus: 4});
	const mm = makeMm(k, [0, 1, 2, 3]);
	return {k, mm};
}

function table(k: Kernel, mm: Mm, base: number): PteTable {
	const t = new PteTable(k, base, '');
	mm.pteTables.set(pmdKey(base), t);
	return t;
}

function violations(k: Kernel): Pick<ViolationEvent, 'kind' | 'cpus' | 'fn' | 'addr'>[] {
	return ofType(k.events, 'violation').map(({kind, cpus, fn, addr}) => ({kind, cpus, fn, addr}));
}

/** A fake task for writer spans: only its CPU is read. */
const onCpu = (cpu: number) => ({cpu}) as Parameters<typeof writerBegin>[1];

describe('Checker', () => {
	test('vma-use-after-free: dereferencing a freed VMA', () => {
		const {k, mm} = setup();
		const vma = linkVma(k, mm, BASE, BASE + MB2, VM_READ | VM_WRITE, PTE_PRESENT);
		k.checker.useVma(vma, 3, 'find_vma');
		assert.deepEqual(violations(k), [], 'a live VMA is fine');
		vma.freed = true;
		vma.removedAt = 0;
		k.engine.now = 250;
		k.checker.useVma(vma, 3, 'handle_mm_fault');
		assert.deepEqual(violations(k), [{kind: 'vma-use-after-free', cpus: [3], fn: 'handle_mm_fault', addr: BASE}]);
		const [v] = ofType(k.events, 'violation');
		assert.equal(v!.t, 250);
		assert.equal(v!.cpu, 3);
		assert.match(v!.detail, /vma#\d+ was freed 250 ns after remove_vma/);
		assert.equal(k.checker.violations, 1);
	});

	test('pte-exceeds-vma: a writable PTE in a read-only VMA', () => {
		const {k, mm} = setup();
		linkVma(k, mm, BASE, BASE + MB2, VM_READ, PTE_PRESENT);
		const t = table(k, mm, BASE);
		installPte(k, mm, t, 5, PTE_PRESENT, 1, 'do_read_fault', 'set_pte_at');
		assert.deepEqual(violations(k), [], 'a read-only PTE is fine');
		installPte(k, mm, t, 6, PTE_PRESENT | PTE_WRITE, 2, 'do_anonymous_page', 'set_pte_at');
		assert.deepEqual(violations(k), [{kind: 'pte-exceeds-vma', cpus: [2], fn: 'do_anonymous_page', addr: BASE + 6 * 4096}]);
	});

	test('pte-exceeds-vma: any present PTE in a PROT_NONE VMA', () => {
		const {k, mm} = setup();
		linkVma(k, mm, BASE, BASE + MB2, 0, 0);
		installPte(k, mm, table(k, mm, BASE), 0, PTE_PRESENT, 0, 'f', 'set_pte_at');
		assert.deepEqual(violations(k), [{kind: 'pte-exceeds-vma', cpus: [0], fn: 'f', addr: BASE}]);
	});

	test('pte-outside-vma: a PTE where no VMA is', () => {
		const {k, mm} = setup();
		// The VMA covers the first half of the table only.
		linkVma(k, mm, BASE, BASE + MB2 / 2, VM_READ | VM_WRITE, PTE_PRESENT);
		const t = table(k, mm, BASE);
		installPte(k, mm, t, 0, PTE_PRESENT | PTE_WRITE, 1, 'f', 'set_pte_at');
		installPte(k, mm, t, 300, 0, 1, 'f', 'set_pte_at');
		assert.deepEqual(violations(k), [], 'inside the VMA, and a non-present PTE, are fine');
		installPte(k, mm, t, 300, PTE_PRESENT, 1, 'do_anonymous_page', 'set_pte_at');
		assert.deepEqual(violations(k), [{kind: 'pte-outside-vma', cpus: [1], fn: 'do_anonymous_page', addr: BASE + 300 * 4096}]);
	});

	test('pgtable-leak: a PTE table linked where no VMA intersects', () => {
		const {k, mm} = setup();
		linkVma(k, mm, BASE, BASE + MB2, VM_READ, PTE_PRESENT);
		k.checker.pteTableInstalled(mm, table(k, mm, BASE), 0, '__pte_alloc');
		assert.deepEqual(violations(k), []);
		k.checker.pteTableInstalled(mm, table(k, mm, BASE + MB2), 2, '__pte_alloc');
		assert.deepEqual(violations(k), [{kind: 'pgtable-leak', cpus: [2], fn: '__pte_alloc', addr: BASE + MB2}]);
	});

	test('pgtable-leak: a writer leaves a PTE table over a range with no VMA', () => {
		const {k, mm} = setup();
		linkVma(k, mm, BASE, BASE + MB2, VM_READ, PTE_PRESENT);
		table(k, mm, BASE);
		table(k, mm, BASE + 2 * MB2);
		k.checker.writerDone(mm, BASE, BASE + 4 * MB2, 3, '__do_munmap');
		assert.deepEqual(violations(k), [{kind: 'pgtable-leak', cpus: [3], fn: '__do_munmap', addr: BASE + 2 * MB2}]);
	});

	test('pgtable-use-after-free: walking a table free_pgtables freed', () => {
		const {k, mm} = setup();
		const t = table(k, mm, BASE);
		k.checker.usePteTable(t, 1, 'pte_offset_map_lock');
		assert.deepEqual(violations(k), []);
		t.freed = true;
		k.checker.usePteTable(t, 1, 'pte_offset_map_lock');
		assert.deepEqual(violations(k), [{kind: 'pgtable-use-after-free', cpus: [1], fn: 'pte_offset_map_lock', addr: BASE}]);
	});

	test('bad-unlock: spin_unlock by a CPU that does not hold the lock', () => {
		const k = makeKernel({cpus: 2});
		const lock = new SpinLock(k, 'L', false);
		spawn(k, 0, function* (task) {
			yield* spinLock(k, task, lock, 'f');
		});
		spawn(k, 1, function* (task) {
			yield 100;
			yield* spinUnlock(k, task, lock, 'g');
		});
		runAll(k);
		assert.deepEqual(violations(k), [{kind: 'bad-unlock', cpus: [1, 0], fn: 'g', addr: 0}]);
		assert.equal(lock.holder?.cpu, 0, 'the real holder keeps it');
		assert.equal(ofType(k.events, 'lock-release').length, 0);
	});

	test('bad-unlock: spin_unlock of a free lock names only the unlocker', () => {
		const k = makeKernel({cpus: 1});
		const lock = new SpinLock(k, 'L', false);
		spawn(k, 0, function* (task) {
			yield* spinUnlock(k, task, lock, 'g');
		});
		runAll(k);
		assert.deepEqual(violations(k), [{kind: 'bad-unlock', cpus: [0], fn: 'g', addr: 0}]);
	});

	test('bad-unlock: up_read by a CPU that is not a reader', () => {
		const k = makeKernel({cpus: 2});
		const sem = new RwSem(k, 'S');
		spawn(k, 0, function* (task) {
			yield* downRead(k, task, sem, 'r');
		});
		spawn(k, 1, function* (task) {
			yield 100;
			yield* upRead(k, task, sem, 'mmap_read_unlock');
		});
		runAll(k);
		assert.deepEqual(violations(k), [{kind: 'bad-unlock', cpus: [1], fn: 'mmap_read_unlock', addr: 0}]);
		assert.equal(sem.readers, 1);
	});

	test('bad-unlock: up_write by a CPU that is not the writer', () => {
		const k = makeKernel({cpus: 2});
		const sem = new RwSem(k, 'S');
		spawn(k, 0, function* (task) {
			yield* downWrite(k, task, sem, 'w');
		});
		spawn(k, 1, function* (task) {
			yield 100;
			yield* upWrite(k, task, sem, 'mmap_write_unlock');
		});
		runAll(k);
		assert.deepEqual(violations(k), [{kind: 'bad-unlock', cpus: [1, 0], fn: 'mmap_write_unlock', addr: 0}]);
		assert.equal(sem.writer?.cpu, 0);
	});

	test('a bad PTE inside an active writer\'s range waits for writerDone', () => {
		const {k, mm} = setup();
		const vma = linkVma(k, mm, BASE, BASE + MB2, VM_READ, PTE_PRESENT);
		const t = table(k, mm, BASE);
		const span = writerBegin(k, onCpu(3), mm, 'mprotect', vma.id, vma.start, vma.end, 'do_mprotect_pkey');
		writerChanging(mm, span, onCpu(3), vma.start, vma.end);
		installPte(k, mm, t, 7, PTE_PRESENT | PTE_WRITE, 1, 'do_wp_page', 'set_pte_at');
		assert.deepEqual(violations(k), [], 'not while the writer is still working');
		// Outside the writer's range it fires at once.
		linkVma(k, mm, BASE + 4 * MB2, BASE + 5 * MB2, VM_READ, PTE_PRESENT);
		installPte(k, mm, table(k, mm, BASE + 4 * MB2), 0, PTE_PRESENT | PTE_WRITE, 2, 'do_wp_page', 'set_pte_at');
		assert.deepEqual(violations(k).map(v => v.cpus), [[2]]);
		writerEnd(k, onCpu(3), mm, span, null, 'do_mprotect_pkey');
		// The final scan names the installer first, then the writer.
		assert.deepEqual(violations(k)[1], {kind: 'pte-exceeds-vma', cpus: [1, 3], fn: 'do_mprotect_pkey', addr: BASE + 7 * 4096});
		assert.equal(mm.activeWriters.length, 0);
		assert.deepEqual(ofType(k.events, 'writer-end').map(e => e.op), ['mprotect']);
	});

	test('a PTE fixed before the writer is done is not reported', () => {
		const {k, mm} = setup();
		const vma = linkVma(k, mm, BASE, BASE + MB2, VM_READ, PTE_PRESENT);
		const t = table(k, mm, BASE);
		const span = writerBegin(k, onCpu(0), mm, 'mprotect', vma.id, vma.start, vma.end, 'do_mprotect_pkey');
		writerChanging(mm, span, onCpu(0), vma.start, vma.end);
		installPte(k, mm, t, 7, PTE_PRESENT | PTE_WRITE, 1, 'f', 'set_pte_at');
		t.ptes[7] = PTE_PRESENT; // change_protection write-protects it
		writerEnd(k, onCpu(0), mm, span, null, 'do_mprotect_pkey');
		assert.deepEqual(violations(k), []);
	});

	test('a PTE table linked inside a writer\'s range is judged at writerDone', () => {
		const {k, mm} = setup();
		const vma = linkVma(k, mm, BASE, BASE + MB2, VM_READ, PTE_PRESENT);
		const span = writerBegin(k, onCpu(0), mm, 'munmap', vma.id, vma.start, vma.end, '__do_munmap');
		writerChanging(mm, span, onCpu(0), vma.start, vma.end);
		mm.eraseVma(vma);
		k.checker.pteTableInstalled(mm, table(k, mm, BASE), 2, '__pte_alloc');
		assert.deepEqual(violations(k), []);
		writerEnd(k, onCpu(0), mm, span, null, '__do_munmap');
		assert.deepEqual(violations(k), [{kind: 'pgtable-leak', cpus: [0], fn: '__do_munmap', addr: BASE}]);
	});
});
