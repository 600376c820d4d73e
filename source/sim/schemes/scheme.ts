/**
 * A page-fault locking scheme is a strategy: its fault path, plus hooks the shared
 * writer paths (mmap, munmap, mprotect) call at the points where the kernel patches
 * differ. `classicHooks` is what the kernel did before any speculation.
 */
import type {Step, Task} from '../engine.ts';
import type {PteVmf, Vmf} from '../fault/vmf.ts';
import type {Kernel} from '../kernel.ts';
import type {Mm} from '../mm/mm.ts';
import type {PteTable} from '../mm/pgtable.ts';
import type {Vma} from '../mm/vma.ts';
import {freePteTableNow, vmaFreed} from './free.ts';

export interface Scheme {
	readonly id: string;
	/** A few words for the header: "SPF v12: RCU VMA lookup + refcount". */
	readonly title: string;
	/** `--break` variants that remove a protection this scheme has. */
	readonly breaks: readonly string[];
	/**
	 * The checker must find nothing under any interleaving this simulator can produce. False
	 * for schemes simulated as written that have a race (the checker reports what they do):
	 * `refcount-2010` against mprotect, `rcu-2021` against munmap.
	 */
	readonly raceFree: boolean;
	/**
	 * PTEs are built from `vm_flags`/`vm_page_prot` snapshotted into the vmf when the VMA
	 * was validated (SPF, seed 001). False: read from the VMA where the kernel of the day
	 * read them (`do_anonymous_page` before taking the PTL, the others under it).
	 */
	readonly vmfSnapshot: boolean;
	/** Adds the scheme's per-mm state. */
	initMm(k: Kernel, mm: Mm): void;
	/** Adds the scheme's per-VMA state (`vm_area_alloc`); `vma.mm` is set. */
	initVma(k: Kernel, vma: Vma): void;
	/** `do_user_addr_fault` after the exception entry: enter and return with nothing held. */
	doUserAddrFault(k: Kernel, vmf: Vmf): Step<number>;
	/** Speculative `pte_map_lock`: true with the PTL held, false when the VMA changed. */
	pteMapLock(k: Kernel, vmf: PteVmf, fn: string): Step<boolean>;
	/** Insert into the VMA tree; mmap_sem held for write. */
	vmaLink(k: Kernel, task: Task, mm: Mm, vma: Vma): Step;
	/** Erase from the VMA tree and mark detached; mmap_sem held for write. */
	vmaUnlink(k: Kernel, task: Task, mm: Mm, vma: Vma): Step;
	/** Before a writer changes or unmaps a VMA (`vm_write_begin`, `vma_start_write`). */
	vmaStartWrite(k: Kernel, task: Task, vma: Vma): Step;
	/** After the change (`vm_write_end`). */
	vmaEndWrite(k: Kernel, task: Task, vma: Vma): Step;
	/** Before mmap_sem stops being held for write (`vma_end_write_all`). */
	vmaEndWriteAll(k: Kernel, task: Task, mm: Mm): Step;
	/**
	 * Around a writer that changes a VMA's PTEs but not the VMA (`unmap_page_range` for
	 * `MADV_DONTNEED`): SPF's `vm_write_begin` / `vm_write_end`; nothing elsewhere.
	 */
	vmWriteBegin(k: Kernel, task: Task, vma: Vma): Step;
	vmWriteEnd(k: Kernel, task: Task, vma: Vma): Step;
	/** `fput` of a file VMA's file in `remove_vma`: now, or deferred with the VMA. */
	fput(k: Kernel, task: Task, vma: Vma): Step;
	/** Free the `vm_area_struct` after `->close` and `fput`: now, or deferred. */
	freeVma(k: Kernel, task: Task, vma: Vma): Step;
	/** Free a PTE table unlinked by `free_pgtables`: now, after the TLB IPIs, or after a grace period. */
	freePteTable(k: Kernel, task: Task, mm: Mm, table: PteTable): Step;
}

export type SchemeHooks = Omit<Scheme, 'id' | 'title' | 'breaks' | 'raceFree' | 'doUserAddrFault'>;

export const classicHooks: SchemeHooks = {
	vmfSnapshot: true,
	initMm() {},
	initVma() {},
	*pteMapLock() {
		throw new Error('pte_map_lock: this scheme has no speculative path');
	},
	*vmaLink(k, task, mm, vma) {
		yield k.lines.store(mm.treeLine, task.cpu, k.now);
		mm.insertVma(vma);
	},
	*vmaUnlink(k, task, mm, vma) {
		yield k.lines.store(mm.treeLine, task.cpu, k.now);
		mm.eraseVma(vma);
		vma.detached = true;
	},
	*vmaStartWrite() {},
	*vmaEndWrite() {},
	*vmaEndWriteAll() {},
	*vmWriteBegin() {},
	*vmWriteEnd() {},
	*fput(k) {
		yield k.cost(k.params.fputNs);
	},
	*freeVma(k, task, vma) {
		vmaFreed(k, task.cpu, vma, 'none', 'vm_area_free');
	},
	*freePteTable(k, task, mm, table) {
		freePteTableNow(k, task.cpu, mm, table, k.now);
	},
};
