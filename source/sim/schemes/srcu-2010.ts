/**
 * `srcu-2010`: Peter Zijlstra's speculative page fault RFC (2010, seed 002), with the SRCU
 * read side, `call_srcu` and delayed `fput` of its 2014 re-spin.
 *
 * The whole fault runs inside `srcu_read_lock`, without `mmap_sem`: `handle_speculative_fault`
 * pins the page tables (interrupts off), walks to the PTE table (aborting if a level is
 * missing: it never allocates), takes the PTL with `spin_trylock`, finds the VMA, checks it
 * is alive, that `vm_sequence` is even and unchanged, and carries the sequence into
 * `handle_pte_fault`. Every later PTL acquisition (`pte_map_lock`) pins, re-walks,
 * try-locks and checks the VMA again. A failed check is VM_FAULT_RETRY and the fault is
 * retried under `mmap_sem`. File faults are covered too: `->fault` may sleep, SRCU allows it.
 * Writers make `vm_sequence` odd around VMA changes; VMAs and their files are freed after
 * an SRCU grace period (`call_srcu` under one `queue_lock`; the work polls once a jiffy and
 * invokes ten callbacks a run: slow, and scheduler work on the CPU it runs on).
 * The PTE is built from the live VMA fields: the RFC predates SPF's vmf snapshot.
 */
import {call, type Step, type Task} from '../engine.ts';
import {handlePteFault} from '../fault/handle-pte-fault.ts';
import {pteUnmapUnlock, readPte} from '../fault/pte-lock.ts';
import {walkToPteTable} from '../fault/speculative-walk.ts';
import {FAULT_FLAG_ALLOW_RETRY, FAULT_FLAG_SPECULATIVE, type PteVmf, setTable, snapshotVma, type VmaVmf, type Vmf} from '../fault/vmf.ts';
import type {Kernel} from '../kernel.ts';
import {callSrcu, srcuReadLock, srcuReadUnlock} from '../locks/rcu.ts';
import {rawReadSeqcount, readSeqcountRetry, SeqCount, writeSeqcountBegin, writeSeqcountEnd} from '../locks/seqcount.ts';
import {spinUnlock} from '../locks/spinlock.ts';
import type {PteTable} from '../mm/pgtable.ts';
import {localIrqDisable, localIrqEnable} from '../mm/tlb.ts';
import type {Vma} from '../mm/vma.ts';
import {freePteTableAfterIpi, vmaFreed} from './free.ts';
import {accessError, findVma} from './mmap-sem.ts';
import {classicHooks, type Scheme} from './scheme.ts';
import {completed, fallbackToMmapSem, specAbort, spinTrylockReadFirst} from './speculative.ts';

export const srcu2010: Scheme = {
	...classicHooks,
	id: 'srcu-2010',
	title: 'SPF RFC 2010: SRCU, pin_page_tables, vm_sequence',
	breaks: ['skip-seq-recheck', 'no-vma-pin'],
	raceFree: true,
	vmfSnapshot: false,
	initVma(k, vma) {
		vma.vmSequence = new SeqCount(k, `vma#${vma.id}.vm_sequence`);
	},
	doUserAddrFault,
	pteMapLock,
	*vmaUnlink(k, task, mm, vma) {
		yield* classicHooks.vmaUnlink(k, task, mm, vma);
		// RB_CLEAR_NODE is the dead mark readers check; munmap's write section ends with it.
		yield* vmSequenceEnd(k, task, vma);
	},
	vmaStartWrite: vmSequenceBegin,
	vmaEndWrite: vmSequenceEnd,
	// 2014: the file is put from the SRCU callback with the VMA (delayed fput).
	*fput() {},
	*freeVma(k, task, vma) {
		// The callback runs in the process_srcu work, on the CPU that work was queued on.
		yield* callSrcu(k, task, () => {
			const cpu = k.srcu.workerCpu;
			if (vma.file !== null) k.engine.stolenNs[cpu]! += k.params.fputNs;
			vmaFreed(k, cpu, vma, 'srcu', '__free_vma_srcu');
		});
	},
	freePteTable: freePteTableAfterIpi,
};

/**
 * `do_page_fault` with the RFC: user faults try `handle_speculative_fault` inside an SRCU
 * read-side section first. Enter and return with nothing held.
 */
function* doUserAddrFault(k: Kernel, vmf: Vmf): Step<number> {
	// --break no-vma-pin: no SRCU read side, so call_srcu may free the VMA under the fault.
	const pin = !k.broken('no-vma-pin');
	if (pin) yield* srcuReadLock(k, vmf.task);
	const fault = yield* call(handleSpeculativeFault(k, vmf));
	if (pin) yield* srcuReadUnlock(k, vmf.task);
	if (completed(vmf, fault)) return fault;
	return yield* fallbackToMmapSem(k, vmf);
}

/**
 * `handle_speculative_fault`: enter inside SRCU with nothing locked; return with the PTL
 * released. VM_FAULT_RETRY (after a `spec-abort`) means: retry under `mmap_sem`.
 */
function* handleSpeculativeFault(k: Kernel, vmf: Vmf): Step<number> {
	const fn = 'handle_speculative_fault';
	vmf.flags = (vmf.flags | FAULT_FLAG_SPECULATIVE) & ~FAULT_FLAG_ALLOW_RETRY;
	// pte_map_lock(mm, NULL, ...): no VMA yet, so nothing to check but the walk.
	const table = yield* pinWalkTrylock(k, vmf, fn);
	if (table === null) return specAbort(k, vmf, 'no_pgtable', 'pte_map_lock');
	unpinPageTables(k, vmf.task);
	setTable(vmf, table);
	// find_vma under the PTL, without mmap_sem: only its checks make it safe.
	const vma = yield* findVma(k, vmf);
	const reason = vma === null || vma.start > vmf.addr ? 'no_vma' : yield* validate(k, vmf, vma);
	if (vma === null || reason !== null) {
		yield* spinUnlock(k, vmf.task, table.ptl, fn);
		return specAbort(k, vmf, reason ?? 'no_vma', fn);
	}
	snapshotVma(vmf, vma);
	vmf.origPte = readPte(vmf);
	yield* pteUnmapUnlock(k, vmf, fn);
	vma.faults++;
	return yield* call(handlePteFault(k, vmf));
}

/**
 * The checks on a VMA found without `mmap_sem`: dead (`RB_EMPTY_NODE`), `vm_sequence` odd,
 * access, then `read_seqcount_retry`. Returns the abort reason, or null with
 * `vmf.sequence` set.
 */
function* validate(k: Kernel, vmf: Vmf, vma: Vma): Step<string | null> {
	const task = vmf.task;
	const dead = vma.detached;
	const seq = yield* rawReadSeqcount(k, task, vma.vmSequence!);
	if (dead) return 'dead_vma';
	if (seq & 1) return 'seq_odd';
	// The range is read after the sequence: a merge or a split may have just moved it.
	if (vma.end <= vmf.addr || vma.start > vmf.addr) return 'no_vma';
	if (accessError(vmf, vma)) return 'access';
	if (yield* readSeqcountRetry(k, task, vma.vmSequence!, seq)) return 'vma_changed';
	vmf.sequence = seq;
	return null;
}

/**
 * `pin_page_tables` (interrupts off: the TLB-flush IPI that precedes the free of a page
 * table cannot be taken, so tables stay), walk to the PTE table, `spin_trylock` its PTL.
 * A failed trylock unpins (so a pending IPI is taken), relaxes and starts again: spinning
 * with interrupts off could deadlock against a CPU waiting for our IPI. Returns the table
 * with its PTL held and the page tables still pinned, or null (nothing held, interrupts on)
 * when a level is missing.
 */
function* pinWalkTrylock(k: Kernel, vmf: Vmf, fn: string): Step<PteTable | null> {
	const task = vmf.task;
	for (;;) {
		pinPageTables(k, task);
		const table = yield* walkToPteTable(k, vmf);
		if (table === null) {
			unpinPageTables(k, task);
			return null;
		}
		k.checker.usePteTable(table, task.cpu, fn);
		if (yield* spinTrylockReadFirst(k, task, table.ptl, fn)) return table;
		unpinPageTables(k, task);
		yield k.params.cpuRelaxNs;
	}
}

/** `pin_page_tables` on x86: `local_irq_disable`. */
function pinPageTables(k: Kernel, task: Task): void {
	localIrqDisable(k, task);
}

/** `unpin_page_tables`: `local_irq_enable`; a TLB-flush IPI that waited is taken now. */
function unpinPageTables(k: Kernel, task: Task): void {
	localIrqEnable(k, task);
}

/**
 * The RFC's `pte_map_lock` for FAULT_FLAG_SPECULATIVE: pin, re-walk, try-lock the PTL, then
 * `vma_is_dead(vma, seq)` under it. Enter with the PTE unlocked; return true with the PTL
 * held, or false (nothing held, `spec-abort` emitted) when the VMA or the table changed.
 */
function* pteMapLock(k: Kernel, vmf: PteVmf, fn: string): Step<boolean> {
	const table = yield* pinWalkTrylock(k, vmf, fn);
	const reason = table === null ? 'no_pgtable' : table !== vmf.table ? 'pmd_changed' : yield* vmaIsDead(k, vmf);
	if (reason === null) {
		unpinPageTables(k, vmf.task);
		return true;
	}
	if (table !== null) {
		yield* spinUnlock(k, vmf.task, table.ptl, fn);
		unpinPageTables(k, vmf.task);
	}
	specAbort(k, vmf, reason, 'pte_map_lock');
	return false;
}

/**
 * `vma_is_dead(vma, seq)`: unlinked, or `vm_sequence` moved since the fault began.
 * `--break skip-seq-recheck` keeps only the unlinked test.
 */
function* vmaIsDead(k: Kernel, vmf: VmaVmf): Step<string | null> {
	const vma = vmf.vma;
	k.checker.useVma(vma, vmf.task.cpu, 'vma_is_dead');
	const seq = yield* rawReadSeqcount(k, vmf.task, vma.vmSequence!);
	if (vma.detached) return 'dead_vma';
	if (!k.broken('skip-seq-recheck') && seq !== vmf.sequence) return 'vma_changed';
	return null;
}

/** `write_seqcount_begin(&vma->vm_sequence)`, with `mmap_sem` held for write. */
function vmSequenceBegin(k: Kernel, task: Task, vma: Vma): Step {
	return writeSeqcountBegin(k, task, vma.vmSequence!);
}

/** `write_seqcount_end(&vma->vm_sequence)`, if a write section is open. */
function* vmSequenceEnd(k: Kernel, task: Task, vma: Vma): Step {
	if (vma.vmSequence!.sequence & 1) yield* writeSeqcountEnd(k, task, vma.vmSequence!);
}
