/**
 * The speculative page fault of Laurent Dufour's series (v9-v12, seeds 000, 001, 004),
 * shared by `spf-v11` and `spf-v12`, which differ only in how `get_vma` finds and pins the
 * VMA and in when the VMA's base reference is dropped.
 *
 * Only user faults in multithreaded mms, anonymous VMAs only. The fault pins the VMA
 * (`vm_ref_count`), reads `vm_sequence` (abort if odd), checks the VMA is plain anonymous,
 * snapshots `vm_flags` and `vm_page_prot` into the vmf, walks pgd→pmd with interrupts off
 * (never allocating: a missing PTE table means the classic path), re-checks the sequence,
 * and runs `handle_pte_fault`; every PTL is taken by `pte_map_lock`, which re-validates the
 * VMA before and after `spin_trylock`. Writers make `vm_sequence` odd around every change
 * (`vm_write_begin/end`), including the zap of `MADV_DONTNEED`.
 */
import {call, nothing, type Step, type Task} from '../engine.ts';
import {handlePteFault} from '../fault/handle-pte-fault.ts';
import {readPte} from '../fault/pte-lock.ts';
import {walkToPteTable} from '../fault/speculative-walk.ts';
import {FAULT_FLAG_ALLOW_RETRY, FAULT_FLAG_SPECULATIVE, type PteVmf, setTable, setVma, snapshotVma, type VmaVmf, type Vmf} from '../fault/vmf.ts';
import type {Kernel} from '../kernel.ts';
import {RefCount} from '../locks/refcount.ts';
import {rawReadSeqcount, readSeqcountRetry, SeqCount, writeSeqcountBegin, writeSeqcountEnd} from '../locks/seqcount.ts';
import {spinUnlock} from '../locks/spinlock.ts';
import {localIrqDisable, localIrqEnable} from '../mm/tlb.ts';
import type {Vma} from '../mm/vma.ts';
import {freePteTableAfterIpi, putVmaRef} from './free.ts';
import {accessError, doUserAddrFault as classicFault} from './mmap-sem.ts';
import type {Scheme} from './scheme.ts';
import {completed, fallbackToMmapSem, specAbort, spinTrylockReadFirst} from './speculative.ts';

/** `get_vma`: find the VMA for vmf->address and take a `vm_ref_count` reference, or null. */
export type GetVma = (k: Kernel, vmf: Vmf) => Step<Vma | null>;

/** The parts of a scheme that `spf-v11` and `spf-v12` share. */
export type SpfHooks = Pick<Scheme, 'vmfSnapshot' | 'initVma' | 'doUserAddrFault' | 'pteMapLock' | 'vmaStartWrite' | 'vmaEndWrite' | 'vmWriteBegin' | 'vmWriteEnd' | 'freePteTable'>;

/** The parts of `spf-v11` and `spf-v12` that are the same, around their own `get_vma`. */
export function spfHooks(getVma: GetVma): SpfHooks {
	return {
		vmfSnapshot: true,
		initVma(k, vma) {
			vma.vmSequence = new SeqCount(k, `vma#${vma.id}.vm_sequence`);
			// A VMA starts with one reference; put_vma reaching 0 frees it.
			vma.refcnt = new RefCount(k, `vma#${vma.id}.vm_ref_count`, 1);
		},
		*doUserAddrFault(k, vmf) {
			// Try speculative page fault for multithreaded user space tasks only.
			if (vmf.mm.users <= 1) return yield* classicFault(k, vmf);
			const fault = yield* handleSpeculativeFault(k, vmf, getVma);
			if (completed(vmf, fault)) return fault;
			return yield* fallbackToMmapSem(k, vmf);
		},
		pteMapLock,
		vmaStartWrite: vmWriteBegin,
		vmaEndWrite: vmWriteEnd,
		vmWriteBegin,
		vmWriteEnd,
		freePteTable: freePteTableAfterIpi,
	};
}

/**
 * `handle_speculative_fault`: enter and return with nothing held. VM_FAULT_RETRY (after a
 * `spec-abort` naming the reason) means: retry under `mmap_sem`.
 */
function* handleSpeculativeFault(k: Kernel, vmf: Vmf, getVma: GetVma): Step<number> {
	// Clear flags that may lead to releasing mmap_sem to retry: there is none to release.
	vmf.flags = (vmf.flags | FAULT_FLAG_SPECULATIVE) & ~FAULT_FLAG_ALLOW_RETRY;
	const vma = yield* call(getVma(k, vmf));
	if (vma === null) return specAbort(k, vmf, 'no_vma', 'get_vma');
	setVma(vmf, vma);
	const fault = yield* call(speculativeFault(k, vmf, vma));
	yield* putVma(k, vmf.task, vma);
	return fault;
}

/** The body of `handle_speculative_fault` between `get_vma` and `put_vma`. */
function* speculativeFault(k: Kernel, vmf: VmaVmf, vma: Vma): Step<number> {
	const fn = 'handle_speculative_fault';
	const task = vmf.task;
	k.checker.useVma(vma, task.cpu, fn);
	const seq = yield* rawReadSeqcount(k, task, vma.vmSequence!);
	// The checks below read vm_flags, vm_file and the bounds from the VMA: it must still be there.
	k.checker.useVma(vma, task.cpu, fn);
	if (seq & 1) return specAbort(k, vmf, 'vma_changed', fn);
	// vm_ops set: file-backed (and hugetlbfs) VMAs are not handled speculatively.
	if (vma.file !== null) return specAbort(k, vmf, 'not_supported', fn);
	// __anon_vma_prepare needs mmap_sem (vm_next/vm_prev must be stable).
	if (!vma.anonVma) return specAbort(k, vmf, 'no_anon', fn);
	// The snapshot: the PTE is built from these, valid when seq was read (seed 001).
	snapshotVma(vmf, vma);
	if (vmf.addr < vma.start || vmf.addr >= vma.end) return specAbort(k, vmf, 'no_vma', fn);
	if (accessError(vmf, vma)) return specAbort(k, vmf, 'access', fn);
	// Speculative walk, interrupts off so the tables cannot be freed under us; no allocation:
	// a table installed after free_pgtables would leak.
	localIrqDisable(k, task);
	const table = yield* walkToPteTable(k, vmf);
	if (table === null) {
		localIrqEnable(k, task);
		return specAbort(k, vmf, 'not_supported', fn);
	}
	setTable(vmf, table);
	vmf.origPte = readPte(vmf);
	localIrqEnable(k, task);
	// Re-validate the VMA after checking the bounds: vm_sequence is read from the VMA itself.
	k.checker.useVma(vma, task.cpu, fn);
	if (yield* readSeqcountRetry(k, task, vma.vmSequence!, seq)) return specAbort(k, vmf, 'vma_changed', fn);
	vmf.sequence = seq;
	vma.faults++;
	return yield* call(handlePteFault(k, vmf));
}

/**
 * `pte_map_lock` for FAULT_FLAG_SPECULATIVE. The first `vma_has_changed` guarantees the
 * page tables are still valid, interrupts off keep them there, `pmd_same` that the PMD
 * still points at the table we walked; then `spin_trylock` (a blocking lock with
 * interrupts off would deadlock against a CPU waiting for our TLB-flush IPI; on failure
 * interrupts go back on before the next try), and `vma_has_changed` again under the PTL.
 * Enter with the PTE unlocked; return true with the PTL held, or false (nothing held,
 * `spec-abort` emitted).
 */
function* pteMapLock(k: Kernel, vmf: PteVmf, fn: string): Step<boolean> {
	const task = vmf.task;
	const table = vmf.table;
	for (;;) {
		localIrqDisable(k, task);
		if (yield* vmaHasChanged(k, vmf)) return abortMapLock(k, vmf, 'vma_changed');
		yield k.cost(k.params.pgtableLevelNs);
		if (vmf.mm.pteTable(vmf.addr) !== table) return abortMapLock(k, vmf, 'pmd_changed');
		k.checker.usePteTable(table, task.cpu, fn);
		if (yield* spinTrylockReadFirst(k, task, table.ptl, fn)) break;
		localIrqEnable(k, task);
		yield k.params.cpuRelaxNs;
	}
	if (yield* vmaHasChanged(k, vmf)) {
		yield* spinUnlock(k, task, table.ptl, fn);
		return abortMapLock(k, vmf, 'vma_changed');
	}
	localIrqEnable(k, task);
	return true;
}

function abortMapLock(k: Kernel, vmf: Vmf, reason: string): false {
	localIrqEnable(k, vmf.task);
	specAbort(k, vmf, reason, 'pte_map_lock');
	return false;
}

/**
 * `vma_has_changed`: unlinked (`RB_EMPTY_NODE`), or `vm_sequence` moved since the fault
 * read it. `--break skip-seq-recheck` keeps only the unlinked test.
 */
function* vmaHasChanged(k: Kernel, vmf: VmaVmf): Step<boolean> {
	const vma = vmf.vma;
	k.checker.useVma(vma, vmf.task.cpu, 'vma_has_changed');
	const seq = yield* rawReadSeqcount(k, vmf.task, vma.vmSequence!);
	if (vma.detached) return true;
	return !k.broken('skip-seq-recheck') && seq !== vmf.sequence;
}

/** `put_vma`: drop the fault's reference; if it was the last, `__free_vma` now. */
function putVma(k: Kernel, task: Task, vma: Vma): Step {
	if (k.broken('no-vma-pin')) return nothing();
	return putVmaRef(k, task, vma, vma.refcnt!, 'refcount', '__free_vma');
}

/** `vm_write_begin`: `vm_sequence` odd while a writer changes the VMA or its PTEs. */
function vmWriteBegin(k: Kernel, task: Task, vma: Vma): Step {
	return writeSeqcountBegin(k, task, vma.vmSequence!);
}

/** `vm_write_end`, if a write section is open (munmap's ends when the VMA is unlinked). */
export function* vmWriteEnd(k: Kernel, task: Task, vma: Vma): Step {
	if (vma.vmSequence!.sequence & 1) yield* writeSeqcountEnd(k, task, vma.vmSequence!);
}

/** `get_vma` without a reference under `--break no-vma-pin`, else `atomic_inc(&vma->vm_ref_count)`. */
export function pinVma(k: Kernel): boolean {
	return !k.broken('no-vma-pin');
}
