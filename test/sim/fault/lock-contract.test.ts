/**
 * The PTE helpers' lock contracts are executable: a fault path that breaks one (a fixture
 * below, deliberately broken) is reported by the checker as `bad-lock-contract`, and the
 * same steps with the PTL held as the contract says report nothing.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {Step} from '../../../source/sim/engine.ts';
import type {ViolationEvent} from '../../../source/sim/events.ts';
import {doFaultAround} from '../../../source/sim/fault/do-fault.ts';
import {pteOffsetMapLock, pteSame, pteUnmapUnlock, setPteAt} from '../../../source/sim/fault/pte-lock.ts';
import {createVmf, type PteVmf, setTable, setVma} from '../../../source/sim/fault/vmf.ts';
import type {Kernel} from '../../../source/sim/kernel.ts';
import {PteTable, pmdKey} from '../../../source/sim/mm/pgtable.ts';
import {PTE_PRESENT} from '../../../source/sim/mm/pte.ts';
import {FileObject, VM_READ, VM_WRITE} from '../../../source/sim/mm/vma.ts';
import {makeKernel, makeMm, mapVma, ofType, runAll, spawn} from '../helpers.ts';

type Row = Pick<ViolationEvent, 'kind' | 'fn' | 'cpus'>;

/** Runs `body` on CPU 0 with a vmf for the first page of a fresh VMA and its PTE table; returns the violations. */
function run(body: (k: Kernel, vmf: PteVmf) => Step, file = false): Row[] {
	const k = makeKernel({cpus: 2});
	const mm = makeMm(k, [0, 1]);
	const vma = mapVma(k, mm, 1 << 16, VM_READ | VM_WRITE, file ? new FileObject(1, 'f') : null);
	const table = new PteTable(k, Math.floor(vma.start / (1 << 21)) * (1 << 21), '');
	mm.pteTables.set(pmdKey(vma.start), table);
	mm.pmdTables.add(Math.floor(vma.start / (1 << 30)));
	spawn(k, 0, function* (task) {
		const vmf = createVmf(task, mm, vma.start, true);
		setVma(vmf, vma);
		setTable(vmf, table);
		yield* body(k, vmf);
	});
	runAll(k);
	return ofType(k.events, 'violation').map(({kind, fn, cpus}) => ({kind, fn, cpus}));
}

const broken = (fn: string): Row[] => [{kind: 'bad-lock-contract', fn, cpus: [0]}];

describe('lock contracts of the PTE helpers', () => {
	test('set_pte_at without the PTL', () => {
		assert.deepEqual(run(function* (k, vmf) {
			yield* setPteAt(k, vmf, PTE_PRESENT, 'do_anonymous_page');
		}), broken('do_anonymous_page'));
	});

	test('pte_same without the PTL', () => {
		assert.deepEqual(run(function* (k, vmf) {
			pteSame(k, vmf, 'do_wp_page');
		}), broken('do_wp_page'));
	});

	test('pte_unmap_unlock without the PTL: the broken contract, not also a bad unlock', () => {
		assert.deepEqual(run(function* (k, vmf) {
			yield* pteUnmapUnlock(k, vmf, 'handle_pte_fault');
		}), broken('handle_pte_fault'));
	});

	test('pte_offset_map_lock with the PTL already held: reported instead of spinning on itself', () => {
		assert.deepEqual(run(function* (k, vmf) {
			yield* pteOffsetMapLock(k, vmf, 'do_wp_page');
			yield* pteOffsetMapLock(k, vmf, 'wp_page_copy');
			yield* pteUnmapUnlock(k, vmf, 'do_wp_page');
		}), broken('wp_page_copy'));
	});

	test('the PTL held by another CPU does not satisfy the contract; both CPUs are named', () => {
		const k = makeKernel({cpus: 2});
		const mm = makeMm(k, [0, 1]);
		const vma = mapVma(k, mm, 1 << 16, VM_READ | VM_WRITE);
		const table = new PteTable(k, Math.floor(vma.start / (1 << 21)) * (1 << 21), '');
		mm.pteTables.set(pmdKey(vma.start), table);
		const vmfOn = (task: Parameters<typeof createVmf>[0]): PteVmf => {
			const vmf = createVmf(task, mm, vma.start, true);
			setVma(vmf, vma);
			setTable(vmf, table);
			return vmf;
		};
		spawn(k, 1, function* (task) {
			yield* pteOffsetMapLock(k, vmfOn(task), 'holder');
		});
		spawn(k, 0, function* (task) {
			yield 1000;
			yield* setPteAt(k, vmfOn(task), PTE_PRESENT, 'do_anonymous_page');
		});
		runAll(k);
		assert.deepEqual(ofType(k.events, 'violation').map(({kind, fn, cpus}) => ({kind, fn, cpus})), [{kind: 'bad-lock-contract', fn: 'do_anonymous_page', cpus: [0, 1]}]);
	});

	test('the same steps under the PTL, as the contracts say, report nothing', () => {
		assert.deepEqual(run(function* (k, vmf) {
			yield* pteOffsetMapLock(k, vmf, 'do_anonymous_page');
			pteSame(k, vmf, 'do_anonymous_page');
			yield* setPteAt(k, vmf, PTE_PRESENT, 'do_anonymous_page');
			yield* pteUnmapUnlock(k, vmf, 'do_anonymous_page');
		}), []);
		// do_fault_around takes the PTL itself (filemap_map_pages maps under it).
		assert.deepEqual(run(function* (k, vmf) {
			yield* doFaultAround(k, vmf);
		}, true), []);
	});
});
