/**
 * `handle_mm_fault` and `__handle_mm_fault`: walk pgd→p4d→pud→pmd, allocating missing
 * tables, then hand the PTE-level fault to `handle_pte_fault`.
 */
import {call, type Step} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {spinLock, spinUnlock} from '../locks/spinlock.ts';
import {mmIncPgtablesBytes} from '../mm/mm-counters.ts';
import {PteTable, pmdKey} from '../mm/pgtable.ts';
import {PUD_SHIFT} from '../mm/pte.ts';
import {handlePteFault} from './handle-pte-fault.ts';
import {setTable, type VmaVmf, type Vmf} from './vmf.ts';

/** Enter with the VMA stable (mmap_sem or the scheme's pin); return with the PTL released. */
export function handleMmFault(k: Kernel, vmf: VmaVmf): Step<number> {
	k.checker.useVma(vmf.vma, vmf.task.cpu, 'handle_mm_fault');
	vmf.vma.faults++;
	return __handleMmFault(k, vmf);
}

export function* __handleMmFault(k: Kernel, vmf: VmaVmf): Step<number> {
	const fn = '__handle_mm_fault';
	yield k.cost(4 * k.params.pgtableLevelNs);
	if (!vmf.mm.pmdPresent(vmf.addr)) yield* pmdAlloc(k, vmf);
	setTable(vmf, vmf.mm.pteTable(vmf.addr) ?? (yield* pteAlloc(k, vmf, fn)));
	return yield* call(handlePteFault(k, vmf));
}

/**
 * `__pmd_alloc`: allocate the PMD table of a 1 GiB range and populate the PUD slot under
 * `mm->page_table_lock` (`pud_populate`). (`__pud_alloc`, one level up, populates a P4D
 * slot: with every mapping inside one 512 GiB range the simulator never needs it.)
 */
export function* pmdAlloc(k: Kernel, vmf: Vmf): Step {
	yield k.cost(k.params.pgtableAllocNs);
	yield* spinLock(k, vmf.task, vmf.mm.pageTableLock, '__pmd_alloc');
	yield* mmIncPgtablesBytes(k, vmf.task, vmf.mm, 'mm_inc_nr_pmds');
	vmf.mm.pmdTables.add(Math.floor(vmf.addr / (1 << PUD_SHIFT)));
	yield* spinUnlock(k, vmf.task, vmf.mm.pageTableLock, '__pmd_alloc');
}

/**
 * `__pte_alloc`: allocate a PTE table unlocked, then populate the PMD slot under
 * `mm->page_table_lock` unless another CPU did first (`pmd_none` re-check; `pmd_install`
 * counts the table in `mm->pgtables_bytes`).
 */
export function* pteAlloc(k: Kernel, vmf: Vmf, fn: string): Step<PteTable> {
	const mm = vmf.mm;
	yield k.cost(k.params.pgtableAllocNs);
	yield* spinLock(k, vmf.task, mm.pageTableLock, '__pte_alloc');
	let table = mm.pteTable(vmf.addr);
	if (table === undefined) {
		table = new PteTable(k, Math.floor(vmf.addr / (1 << 21)) * (1 << 21), mm.lockPrefix);
		yield* mmIncPgtablesBytes(k, vmf.task, mm, 'mm_inc_nr_ptes');
		mm.pteTables.set(pmdKey(vmf.addr), table);
		k.checker.pteTableInstalled(mm, table, vmf.task.cpu, fn);
	}
	yield* spinUnlock(k, vmf.task, mm.pageTableLock, '__pte_alloc');
	return table;
}
