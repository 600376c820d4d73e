/**
 * Taking the PTL around a PTE update and setting the PTE. `pteMapLock` is where schemes
 * differ: the classic path spins on the PTL; a speculative path tries it and re-validates
 * the VMA (the scheme supplies that through `Scheme.pteMapLock`).
 */
import {call, nothing, type Step} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {spinLock, spinUnlock} from '../locks/spinlock.ts';
import {pteIndex} from '../mm/pgtable.ts';
import {PTE_PRESENT} from '../mm/pte.ts';
import type {PteTable} from '../mm/pgtable.ts';
import {FAULT_FLAG_SPECULATIVE, type PteVmf, type Vmf} from './vmf.ts';

/**
 * `pte_map_lock`: enter with the PTE unlocked; return true with the PTL held, or false
 * (speculative only) when the VMA changed and the fault must be retried.
 */
export function* pteMapLock(k: Kernel, vmf: PteVmf, fn: string): Step<boolean> {
	if (vmf.flags & FAULT_FLAG_SPECULATIVE) return yield* call(k.scheme.pteMapLock(k, vmf, fn));
	yield* pteOffsetMapLock(k, vmf, fn);
	return true;
}

/** `pte_offset_map_lock`: enter with the PTE unlocked; return with the PTL held. */
export function pteOffsetMapLock(k: Kernel, vmf: PteVmf, fn: string): Step {
	const table = vmf.table;
	k.checker.usePteTable(table, vmf.task.cpu, fn);
	// The PTL is not recursive: taking it again on this CPU would spin forever.
	if (table.ptl.holder === vmf.task) {
		k.checker.badLockContract(vmf.task.cpu, table.ptl.id, false, fn, vmf.addr, vmf.task.cpu);
		return nothing();
	}
	return spinLock(k, vmf.task, table.ptl, fn);
}

/** `pte_unmap_unlock`: enter with the PTL held; return with it released. */
export function pteUnmapUnlock(k: Kernel, vmf: PteVmf, fn: string): Step {
	// Reported as the broken contract it is, not also as a bad unlock of someone else's lock.
	if (!assertPtlHeld(k, vmf, fn)) return nothing();
	return spinUnlock(k, vmf.task, vmf.table.ptl, fn);
}

/**
 * `lockdep_assert_held(vmf->ptl)`: true when this CPU holds the PTL of vmf's table; if
 * not, the checker reports `bad-lock-contract` naming `fn`.
 */
export function assertPtlHeld(k: Kernel, vmf: PteVmf, fn: string): boolean {
	const ptl = vmf.table.ptl;
	if (ptl.holder === vmf.task) return true;
	k.checker.badLockContract(vmf.task.cpu, ptl.id, true, fn, vmf.addr, ptl.holder?.cpu);
	return false;
}

/** The PTE for vmf->address as it is now. */
export function readPte(vmf: Vmf & {table: PteTable}): number {
	return vmf.table.ptes[pteIndex(vmf.addr)]!;
}

/** `pte_same`: is the PTE still `orig_pte`? Only meaningful with the PTL held (asserted). */
export function pteSame(k: Kernel, vmf: PteVmf, fn: string): boolean {
	assertPtlHeld(k, vmf, fn);
	return readPte(vmf) === vmf.origPte;
}

/** `set_pte_at`: call with the PTL held (asserted). */
export function* setPteAt(k: Kernel, vmf: PteVmf, pte: number, fn: string): Step {
	assertPtlHeld(k, vmf, fn);
	yield k.cost(k.params.setPteNs);
	installPte(k, vmf.mm, vmf.table, pteIndex(vmf.addr), pte, vmf.task.cpu, fn, 'set_pte_at');
}

/** Writes one PTE and tells the checker: `setter` wrote it, for `fn`. */
export function installPte(k: Kernel, mm: Vmf['mm'], table: PteTable, index: number, pte: number, cpu: number, fn: string, setter: string): void {
	if ((table.ptes[index]! & PTE_PRESENT) === 0 && pte & PTE_PRESENT) table.present++;
	table.ptes[index] = pte;
	table.installedBy[index] = cpu;
	k.checker.pteInstalled(mm, table, index, cpu, fn, setter);
}
