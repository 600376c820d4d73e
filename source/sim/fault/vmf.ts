/**
 * `struct vm_fault`: the one record threaded through every step of a fault, plus the
 * kernel's flag and result vocabulary.
 */
import type {Step, Task} from '../engine.ts';
import type {FaultKind, FaultPath} from '../events.ts';
import type {Kernel} from '../kernel.ts';
import type {Mm} from '../mm/mm.ts';
import type {PteTable} from '../mm/pgtable.ts';
import type {Vma} from '../mm/vma.ts';

export const FAULT_FLAG_WRITE = 0x01;
export const FAULT_FLAG_ALLOW_RETRY = 0x04;
export const FAULT_FLAG_TRIED = 0x20;
export const FAULT_FLAG_SPECULATIVE = 0x200;
export const FAULT_FLAG_VMA_LOCK = 0x1000;

export const VM_FAULT_OK = 0;
export const VM_FAULT_SIGSEGV = 0x0040;
export const VM_FAULT_RETRY = 0x0400;

export interface Vmf {
	readonly task: Task;
	readonly mm: Mm;
	readonly addr: number;
	flags: number;
	vma: Vma | null;
	/** `vm_flags` as read when the VMA was validated (SPF snapshots it; see seed 001). */
	vmaFlags: number;
	/** `vm_page_prot`, snapshotted with `vmaFlags`. */
	pageProt: number;
	/** `vm_sequence` as read at the start of a speculative fault. */
	sequence: number;
	table: PteTable | null;
	/** The PTE as read before the PTL was taken (`vmf->orig_pte`). */
	origPte: number;
	kind: FaultKind;
	path: FaultPath;
	/**
	 * Drops what keeps the VMA stable before sleeping on I/O (`maybe_unlock_mmap_for_io`,
	 * `vma_end_read`), turning the fault into VM_FAULT_RETRY; null when it may not sleep.
	 */
	releaseForIo: ((k: Kernel, vmf: Vmf) => Step) | null;
}

/** After the VMA lookup (`lock_mm_and_find_vma`, a scheme's `get_vma`): `vmf->vma` is set. */
export type VmaVmf = Vmf & {vma: Vma};
/** After the page-table walk as well: the PTE table of `vmf->address` (`vmf->pmd`) is known. */
export type PteVmf = VmaVmf & {table: PteTable};

export function createVmf(task: Task, mm: Mm, addr: number, write: boolean): Vmf {
	return {
		task,
		mm,
		addr,
		flags: (write ? FAULT_FLAG_WRITE : 0) | FAULT_FLAG_ALLOW_RETRY,
		vma: null,
		vmaFlags: 0,
		pageProt: 0,
		sequence: 0,
		table: null,
		origPte: 0,
		kind: 'none',
		path: 'classic',
		releaseForIo: null,
	};
}

export function isWrite(vmf: Vmf): boolean {
	return (vmf.flags & FAULT_FLAG_WRITE) !== 0;
}

/** Sets `vmf->vma`; from here on the vmf is typed with its VMA. */
export function setVma(vmf: Vmf, vma: Vma): asserts vmf is VmaVmf {
	vmf.vma = vma;
}

/** Sets the PTE table the walk found; from here on the vmf is typed with it. */
export function setTable<V extends Vmf>(vmf: V, table: PteTable): asserts vmf is V & {table: PteTable} {
	vmf.table = table;
}

/** Sets `vmf->vma` and takes its current flags (done under the lock that keeps them stable). */
export function snapshotVma(vmf: Vmf, vma: Vma): asserts vmf is VmaVmf {
	setVma(vmf, vma);
	vmf.vmaFlags = vma.flags;
	vmf.pageProt = vma.pageProt;
}
