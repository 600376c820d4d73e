/**
 * `spf-v11`: the speculative page fault series v9-v11 (2018, seeds 001 and 004).
 *
 * `get_vma` finds the VMA under `read_lock(&mm->mm_rb_lock)` and takes a `vm_ref_count`
 * reference before unlocking; every tree insert and erase takes the rwlock for write. The
 * `read_lock` is an atomic on one line shared by every faulting CPU, and the reference
 * another on the VMA's line. `remove_vma` closes the file at once and drops the base
 * reference: the VMA is freed by whoever drops the last one (`put_vma`), at once when no
 * fault holds it. The fault path itself is in `spf.ts`.
 */
import type {Step, Task} from '../engine.ts';
import type {Vmf} from '../fault/vmf.ts';
import type {Kernel} from '../kernel.ts';
import {atomicInc} from '../locks/refcount.ts';
import {readLock, readUnlock, RwLock, writeLock, writeUnlock} from '../locks/rwlock.ts';
import type {Mm} from '../mm/mm.ts';
import type {Vma} from '../mm/vma.ts';
import {putVmaRef} from './free.ts';
import {classicHooks, type Scheme} from './scheme.ts';
import {pinVma, spfHooks, vmWriteEnd} from './spf.ts';

export const spfV11: Scheme = {
	...classicHooks,
	...spfHooks(getVma),
	id: 'spf-v11',
	title: 'SPF v11: mm_rb_lock + vm_ref_count + vm_sequence',
	breaks: ['skip-seq-recheck', 'no-vma-pin', 'no-vmf-snapshot'],
	raceFree: true,
	initMm(k, mm) {
		mm.mmRbLock = new RwLock(k, `${mm.lockPrefix}mm_rb_lock`);
	},
	*vmaLink(k, task, mm, vma) {
		yield* writeLock(k, task, mm.mmRbLock!, 'vma_link');
		yield* classicHooks.vmaLink(k, task, mm, vma);
		yield* writeUnlock(k, task, mm.mmRbLock!, 'vma_link');
	},
	*vmaUnlink(k, task, mm, vma) {
		yield* vmaRbErase(k, task, mm, vma);
		yield* vmWriteEnd(k, task, vma);
	},
	*freeVma(k, task, vma) {
		// remove_vma → put_vma: the base reference; the last put frees.
		yield* putVmaRef(k, task, vma, vma.refcnt!, 'none', '__free_vma');
	},
};

/** `get_vma`: `read_lock(mm_rb_lock)`, `__find_vma`, `atomic_inc(&vma->vm_ref_count)`, `read_unlock`. */
function* getVma(k: Kernel, vmf: Vmf): Step<Vma | null> {
	const fn = 'get_vma';
	const {task, mm} = vmf;
	yield* readLock(k, task, mm.mmRbLock!, fn);
	yield k.lines.load(mm.treeLine, task.cpu, k.now);
	yield k.cost(mm.treeDepth() * k.params.vmaTreeLevelNs);
	const vma = mm.findVma(vmf.addr);
	if (vma !== null) {
		k.checker.useVma(vma, task.cpu, fn);
		if (pinVma(k)) yield* atomicInc(k, task, vma.refcnt!);
	}
	yield* readUnlock(k, task, mm.mmRbLock!, fn);
	return vma;
}

/** `vma_rb_erase`: erase under `write_lock(mm_rb_lock)` and `RB_CLEAR_NODE` (the dead mark). */
function* vmaRbErase(k: Kernel, task: Task, mm: Mm, vma: Vma): Step {
	yield* writeLock(k, task, mm.mmRbLock!, 'vma_rb_erase');
	yield* classicHooks.vmaUnlink(k, task, mm, vma);
	yield* writeUnlock(k, task, mm.mmRbLock!, 'vma_rb_erase');
}
