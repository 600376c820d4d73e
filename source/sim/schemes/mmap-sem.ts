/**
 * `mmap-sem`: the classic fault path. `mmap_sem` is held for read across the whole
 * fault, so no writer can change or free the VMA meanwhile; VMAs and page tables are
 * freed synchronously under the write lock. Correct and simple; every fault still does
 * two atomics on the one `mmap_sem` line, and stalls whenever a writer holds or waits.
 */
import {call, type Step} from '../engine.ts';
import {handleMmFault} from '../fault/handle-mm-fault.ts';
import {FAULT_FLAG_ALLOW_RETRY, FAULT_FLAG_TRIED, isWrite, snapshotVma, VM_FAULT_RETRY, VM_FAULT_SIGSEGV, type VmaVmf, type Vmf} from '../fault/vmf.ts';
import type {Kernel} from '../kernel.ts';
import {downRead, upRead} from '../locks/rwsem.ts';
import {VM_EXEC, VM_READ, VM_WRITE, type Vma} from '../mm/vma.ts';
import {classicHooks, type Scheme} from './scheme.ts';

export const mmapSem: Scheme = {
	...classicHooks,
	id: 'mmap-sem',
	title: 'classic: mmap_sem held for read across the fault',
	breaks: [],
	raceFree: true,
	doUserAddrFault,
};

/**
 * `do_user_addr_fault`: enter and return with nothing held. Retries once without
 * FAULT_FLAG_ALLOW_RETRY when the handler dropped `mmap_sem` to sleep on I/O.
 */
export function* doUserAddrFault(k: Kernel, vmf: Vmf): Step<number> {
	for (;;) {
		const found = yield* call(lockMmAndFindVma(k, vmf));
		if (found === null) return VM_FAULT_SIGSEGV;
		let released = false;
		vmf.releaseForIo = vmf.flags & FAULT_FLAG_ALLOW_RETRY ? function* (k2, v) {
			released = true;
			yield* upRead(k2, v.task, v.mm.mmapSem, 'maybe_unlock_mmap_for_io');
		} : null;
		const fault = yield* call(handleMmFault(k, found));
		if (fault & VM_FAULT_RETRY && released) {
			vmf.flags = (vmf.flags & ~FAULT_FLAG_ALLOW_RETRY) | FAULT_FLAG_TRIED;
			continue;
		}
		yield* upRead(k, vmf.task, vmf.mm.mmapSem, 'mmap_read_unlock');
		return fault;
	}
}

/**
 * `lock_mm_and_find_vma`: enter with nothing held; return the vmf with its VMA and
 * `mmap_sem` held for read, or null (bad address or access error: SIGSEGV) with nothing held.
 */
export function* lockMmAndFindVma(k: Kernel, vmf: Vmf): Step<VmaVmf | null> {
	const fn = 'lock_mm_and_find_vma';
	yield* downRead(k, vmf.task, vmf.mm.mmapSem, fn);
	const vma = yield* findVma(k, vmf);
	if (vma === null || vma.start > vmf.addr || accessError(vmf, vma)) {
		yield* upRead(k, vmf.task, vmf.mm.mmapSem, 'bad_area');
		return null;
	}
	snapshotVma(vmf, vma);
	return vmf;
}

/** `find_vma`: walk the tree; its root line is shared with every other lookup and writer. */
export function* findVma(k: Kernel, vmf: Vmf): Step<Vma | null> {
	const mm = vmf.mm;
	yield k.lines.load(mm.treeLine, vmf.task.cpu, k.now);
	yield k.cost(mm.treeDepth() * k.params.vmaTreeLevelNs);
	const vma = mm.findVma(vmf.addr);
	if (vma !== null) k.checker.useVma(vma, vmf.task.cpu, 'find_vma');
	return vma;
}

/** `access_error`: a write to a VMA without VM_WRITE, or any access to PROT_NONE. */
export function accessError(vmf: Vmf, vma: Vma): boolean {
	if (isWrite(vmf)) return (vma.flags & VM_WRITE) === 0;
	return (vma.flags & (VM_READ | VM_EXEC)) === 0;
}
