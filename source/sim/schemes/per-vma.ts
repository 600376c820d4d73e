/**
 * `per-vma`: per-VMA locks as merged in Linux 6.4 (Suren Baghdasaryan), what finally shipped.
 *
 * `lock_vma_under_rcu` walks the (RCU-safe) VMA tree, accepts only anonymous VMAs that
 * already have an `anon_vma`, and read-locks the VMA (`vma_start_read`: fail if the VMA is
 * write-locked in this `mmap_lock` cycle, `down_read_trylock(vma->vm_lock)`, re-check). A
 * VMA detached meanwhile counts VMA_LOCK_MISS and the lookup is retried; any other failure
 * counts VMA_LOCK_ABORT and the fault takes `mmap_lock`. With the VMA read-locked the
 * ordinary `handle_mm_fault` runs (`FAULT_FLAG_VMA_LOCK`), page-table allocation included,
 * then `vma_end_read`; VM_FAULT_RETRY counts VMA_LOCK_RETRY and falls back. Writers call
 * `vma_start_write` on each VMA they touch (which waits for its readers and marks it with
 * `mm_lock_seq`); `mmap_write_unlock` ends every VMA write lock at once by bumping
 * `mm_lock_seq`. VMAs are freed with `call_rcu`. The `vm_lock` rwsem is an atomic on the
 * VMA's line: on one VMA shared by every CPU it still bounces.
 */
import {call, nothing, type Step, type Task} from '../engine.ts';
import {handleMmFault} from '../fault/handle-mm-fault.ts';
import {FAULT_FLAG_VMA_LOCK, snapshotVma, VM_FAULT_RETRY, type Vmf} from '../fault/vmf.ts';
import type {Kernel} from '../kernel.ts';
import {rcuReadLock, rcuReadUnlock} from '../locks/rcu.ts';
import {downReadTrylock, downWrite, RwSem, upRead, upWrite} from '../locks/rwsem.ts';
import type {Vma} from '../mm/vma.ts';
import {vmaFreed} from './free.ts';
import {accessError} from './mmap-sem.ts';
import {classicHooks, type Scheme} from './scheme.ts';
import {fallbackToMmapSem, specAbort} from './speculative.ts';

export const perVma: Scheme = {
	...classicHooks,
	id: 'per-vma',
	title: 'per-VMA locks (Linux 6.4): lock_vma_under_rcu',
	breaks: ['no-vma-pin'],
	raceFree: true,
	// 6.4 reads vm_flags and vm_page_prot from the VMA: it is read-locked, so they are stable.
	vmfSnapshot: false,
	initMm(k, mm) {
		// The line holding `mm->mm_lock_seq`, read by every `vma_start_read`.
		mm.mmLockSeqLine = k.line(`${mm.lockPrefix}mm_lock_seq`);
	},
	initVma(k, vma) {
		vma.vmLock = new RwSem(k, `vma#${vma.id}.vm_lock`);
		vma.vmLockSeq = -1;
	},
	doUserAddrFault,
	*vmaLink(k, task, mm, vma) {
		// A new VMA is write-locked before it becomes visible, until mmap_write_unlock.
		yield* vmaStartWrite(k, task, vma);
		yield* classicHooks.vmaLink(k, task, mm, vma);
	},
	*vmaUnlink(k, task, mm, vma) {
		// The caller has vma_start_write'd it: no reader is inside. vma_mark_detached.
		yield* classicHooks.vmaUnlink(k, task, mm, vma);
	},
	vmaStartWrite,
	*vmaEndWriteAll(k, task, mm) {
		// vma_end_write_all: every VMA write-locked in this cycle is unlocked at once.
		yield k.lines.store(mm.mmLockSeqLine!, task.cpu, k.now);
		mm.mmLockSeq++;
	},
	*freeVma(k, task, vma) {
		// vm_area_free → call_rcu: lock_vma_under_rcu may still be looking at it.
		const cpu = task.cpu;
		k.rcu.call(cpu, () => vmaFreed(k, cpu, vma, 'rcu', 'vm_area_free_rcu_cb'));
	},
};

/**
 * `do_user_addr_fault` since 6.4: try the VMA lock first; on VMA_LOCK_ABORT, an access
 * error or VMA_LOCK_RETRY, `lock_mmap` and retry under `mmap_lock`. Enter and return with
 * nothing held.
 */
function* doUserAddrFault(k: Kernel, vmf: Vmf): Step<number> {
	const fn = 'do_user_addr_fault';
	const vma = yield* call(lockVmaUnderRcu(k, vmf));
	if (vma === null) return yield* fallbackToMmapSem(k, vmf);
	if (accessError(vmf, vma)) {
		yield* vmaEndRead(k, vmf.task, vma);
		specAbort(k, vmf, 'access', fn);
		return yield* fallbackToMmapSem(k, vmf);
	}
	snapshotVma(vmf, vma);
	vmf.flags |= FAULT_FLAG_VMA_LOCK;
	const fault = yield* call(handleMmFault(k, vmf));
	yield* vmaEndRead(k, vmf.task, vma);
	if (!(fault & VM_FAULT_RETRY)) {
		// VMA_LOCK_SUCCESS
		vmf.path = 'speculative';
		return fault;
	}
	specAbort(k, vmf, 'VMA_LOCK_RETRY', fn);
	return yield* fallbackToMmapSem(k, vmf);
}

/**
 * `lock_vma_under_rcu`: enter with nothing held; return the VMA read-locked, or null
 * (VMA_LOCK_ABORT emitted) with nothing held.
 */
function* lockVmaUnderRcu(k: Kernel, vmf: Vmf): Step<Vma | null> {
	const fn = 'lock_vma_under_rcu';
	const {task, mm} = vmf;
	rcuReadLock(k, task);
	for (;;) {
		// mas_walk: the maple tree is RCU-safe.
		yield k.lines.load(mm.treeLine, task.cpu, k.now);
		yield k.cost(mm.treeDepth() * k.params.vmaTreeLevelNs);
		const vma = mm.vmaAt(vmf.addr);
		// Only anonymous VMAs, and only once they have an anon_vma
		// (find_mergeable_anon_vma looks at neighbours that are not locked).
		if (vma === null || vma.file !== null || !vma.anonVma) break;
		k.checker.useVma(vma, task.cpu, fn);
		if (!(yield* vmaStartRead(k, vmf, vma))) break;
		// vm_start/vm_end may have moved (a merge or a split) before we locked the VMA.
		if (vmf.addr < vma.start || vmf.addr >= vma.end) {
			yield* vmaEndRead(k, task, vma);
			break;
		}
		// Isolated after we found it: the area was replaced with another one.
		if (vma.detached) {
			yield* vmaEndRead(k, task, vma);
			specAbort(k, vmf, 'VMA_LOCK_MISS', fn);
			continue;
		}
		rcuReadUnlock(k, task);
		return vma;
	}
	rcuReadUnlock(k, task);
	specAbort(k, vmf, 'VMA_LOCK_ABORT', fn);
	return null;
}

/**
 * `vma_start_read`: false if the VMA is write-locked in this `mmap_lock` cycle
 * (`vm_lock_seq == mm_lock_seq`) or `down_read_trylock(vm_lock)` fails; the sequence is
 * checked again once the lock is held. `--break no-vma-pin` skips the lock itself.
 */
function* vmaStartRead(k: Kernel, vmf: Vmf, vma: Vma): Step<boolean> {
	const fn = 'vma_start_read';
	const {task, mm} = vmf;
	yield k.lines.load(mm.mmLockSeqLine!, task.cpu, k.now);
	if (vma.vmLockSeq === mm.mmLockSeq) return false;
	if (k.broken('no-vma-pin')) return true;
	if (!(yield* downReadTrylock(k, task, vma.vmLock!, fn))) return false;
	if (vma.vmLockSeq === mm.mmLockSeq) {
		yield* upRead(k, task, vma.vmLock!, fn);
		return false;
	}
	return true;
}

/** `vma_end_read`. */
function vmaEndRead(k: Kernel, task: Task, vma: Vma): Step {
	if (k.broken('no-vma-pin')) return nothing();
	return upRead(k, task, vma.vmLock!, 'vma_end_read');
}

/**
 * `vma_start_write`, with `mmap_lock` held for write: if not yet write-locked in this cycle,
 * `down_write(vm_lock)` (waits for the readers inside), set `vm_lock_seq = mm_lock_seq`,
 * `up_write`. Readers fail on the sequence from here until `vma_end_write_all`.
 */
function* vmaStartWrite(k: Kernel, task: Task, vma: Vma): Step {
	const mm = vma.mm;
	if (vma.vmLockSeq === mm.mmLockSeq) return;
	yield* downWrite(k, task, vma.vmLock!, 'vma_start_write');
	vma.vmLockSeq = mm.mmLockSeq;
	yield* upWrite(k, task, vma.vmLock!, 'vma_start_write');
}
