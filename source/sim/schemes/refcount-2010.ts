/**
 * `refcount-2010`: KAMEZAWA Hiroyuki's speculative VMA lookup (Dec 2009 / Jan 2010, seed 002).
 *
 * `find_vma_speculative` walks the VMA tree under `rcu_read_lock`, checks the range and pins
 * the VMA with `atomic_inc_not_zero(&vma->refcnt)`; the whole fault then runs the classic
 * `handle_mm_fault` (page-table allocation included) without `mmap_sem` and ends with
 * `vma_put`. The unmapping writer, right after unlinking under `mmap_sem`, calls
 * `invalidate_vma_before_free`: drops the base reference and sleeps until in-flight faults
 * have dropped theirs, so no fault is left in the VMA when its PTEs and page tables go. The
 * VMA memory is freed with `call_rcu`.
 *
 * As posted, nothing orders a speculative fault against writers that change a live VMA:
 * `do_anonymous_page` builds the entry from `vm_flags` / `vm_page_prot` before it asks for
 * the PTL, and if `mprotect` changes the flags and `change_protection` passes that PTE
 * table in between, the fault installs a PTE the VMA no longer allows (pte-exceeds-vma).
 * The window is as wide as whatever delays the fault between the two: here, TLB-flush
 * IPIs from other CPUs. The property tests found it; `test/schemes/counterexamples.ts`
 * keeps the shrunk case. Against munmap the refcount drain is enough, so the scheme is
 * correct for programs without mprotect. The refcount is one atomic on the VMA's line per
 * get and per put: on one VMA shared by every CPU it bounces like `mmap_sem` (Linus's
 * objection).
 */
import {BLOCK, call, type Step, type Task} from '../engine.ts';
import {handleMmFault} from '../fault/handle-mm-fault.ts';
import {snapshotVma, type Vmf} from '../fault/vmf.ts';
import type {Kernel} from '../kernel.ts';
import {rcuReadLock, rcuReadUnlock} from '../locks/rcu.ts';
import {atomicDecReturn, atomicIncNotZero, atomicRead, RefCount} from '../locks/refcount.ts';
import type {Vma} from '../mm/vma.ts';
import {vmaFreed} from './free.ts';
import {accessError} from './mmap-sem.ts';
import {classicHooks, type Scheme} from './scheme.ts';
import {fallbackToMmapSem, specAbort} from './speculative.ts';

export const refcount2010: Scheme = {
	...classicHooks,
	id: 'refcount-2010',
	title: 'RCU VMA lookup + vma->refcnt (2010)',
	breaks: ['no-vma-pin'],
	raceFree: false,
	vmfSnapshot: false,
	initVma(k, vma) {
		// __vma_link_rb: atomic_set(&vma->refcnt, 1), the base reference.
		vma.refcnt = new RefCount(k, `vma#${vma.id}.refcnt`, 1);
	},
	doUserAddrFault,
	*vmaUnlink(k, task, mm, vma) {
		// detach_vmas_to_be_unmapped: rb_erase, then invalidate_vma_before_free.
		yield* classicHooks.vmaUnlink(k, task, mm, vma);
		yield* invalidateVmaBeforeFree(k, task, vma);
	},
	*freeVma(k, task, vma) {
		// remove_vma → free_vma_rcu: the memory goes after a grace period.
		const cpu = task.cpu;
		k.rcu.call(cpu, () => vmaFreed(k, cpu, vma, 'rcu', '__free_vma_rcu_cb'));
	},
};

/**
 * `do_page_fault` with the patch: user faults look the VMA up speculatively and, when that
 * works, `goto good_area` without `mmap_sem`. Enter and return with nothing held.
 */
function* doUserAddrFault(k: Kernel, vmf: Vmf): Step<number> {
	const vma = yield* call(findVmaSpeculative(k, vmf));
	if (vma === null) return yield* fallbackToMmapSem(k, vmf);
	if (accessError(vmf, vma)) {
		yield* vmaPut(k, vmf.task, vma);
		specAbort(k, vmf, 'access', 'do_page_fault');
		return yield* fallbackToMmapSem(k, vmf);
	}
	snapshotVma(vmf, vma);
	// good_area: the classic handler, page-table allocation and ->fault included.
	const fault = yield* call(handleMmFault(k, vmf));
	yield* vmaPut(k, vmf.task, vma);
	vmf.path = 'speculative';
	return fault;
}

/**
 * `find_vma_speculative`: under `rcu_read_lock`, walk the tree; if the VMA contains the
 * address, `atomic_inc_not_zero(&vma->refcnt)`. Returns the pinned VMA, or null (after a
 * `spec-abort`) when there is none or it is already being unmapped.
 */
function* findVmaSpeculative(k: Kernel, vmf: Vmf): Step<Vma | null> {
	const fn = 'find_vma_speculative';
	const {task, mm} = vmf;
	rcuReadLock(k, task);
	yield k.lines.load(mm.treeLine, task.cpu, k.now);
	yield k.cost(mm.treeDepth() * k.params.vmaTreeLevelNs);
	const vma = mm.findVma(vmf.addr);
	let reason: string | null = null;
	if (vma === null || vma.start > vmf.addr) {
		reason = 'no_vma';
	} else {
		k.checker.useVma(vma, task.cpu, fn);
		// --break no-vma-pin: use the VMA without holding a reference.
		if (!k.broken('no-vma-pin') && !(yield* atomicIncNotZero(k, task, vma.refcnt!))) reason = 'dead_vma';
	}
	rcuReadUnlock(k, task);
	if (reason === null) return vma;
	specAbort(k, vmf, reason, fn);
	return null;
}

/**
 * `vma_put`: `atomic_dec_return`, waking the unmapper once the count has drained. (The
 * posted patch woke it when the count came back to 1, which after the base reference has
 * been dropped never happens: KAMEZAWA called that code "a bit heavy (and buggy)"; this
 * wakes at 0, as `wait_event` needs.)
 */
function* vmaPut(k: Kernel, task: Task, vma: Vma): Step {
	if (k.broken('no-vma-pin')) return;
	const left = yield* atomicDecReturn(k, task, vma.refcnt!);
	const waiter = vma.waitQueue;
	if (left === 0 && waiter !== undefined) {
		vma.waitQueue = undefined;
		k.engine.wake(waiter);
	}
}

/**
 * `invalidate_vma_before_free`: with `mmap_sem` held for write and the VMA unlinked, drop
 * the base reference and `wait_event(vma->wait_queue, !atomic_read(&vma->refcnt))`.
 */
function* invalidateVmaBeforeFree(k: Kernel, task: Task, vma: Vma): Step {
	yield* atomicDecReturn(k, task, vma.refcnt!);
	while ((yield* atomicRead(k, task, vma.refcnt!)) !== 0) {
		k.emit({type: 'lock-contend', t: k.now, cpu: task.cpu, fn: 'invalidate_vma_before_free', lock: vma.refcnt!.id, mode: 'ref'});
		const t0 = k.now;
		vma.waitQueue = task;
		yield BLOCK;
		yield k.params.wakeupNs;
		k.emit({type: 'lock-acquire', t: k.now, cpu: task.cpu, fn: 'invalidate_vma_before_free', lock: vma.refcnt!.id, mode: 'ref', waitNs: k.now - t0});
		k.emit({type: 'lock-release', t: k.now, cpu: task.cpu, fn: 'invalidate_vma_before_free', lock: vma.refcnt!.id, mode: 'ref', holdNs: 0});
	}
}
