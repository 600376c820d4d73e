/**
 * `__do_munmap` for one whole VMA: detach it under the write lock, downgrade to read,
 * zap its PTEs under each PTL, shoot down TLBs, free page tables no VMA shares any more,
 * then `remove_vma` (`->close`, `fput`, free: the scheme decides when memory is freed).
 */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {downgradeWrite, downWrite, upRead} from '../locks/rwsem.ts';
import {MmuGather, tlbFinishMmu} from '../mem/mmu-gather.ts';
import {freePgtables} from './free-pgtables.ts';
import type {Mm} from './mm.ts';
import {mmapWriteUnlock} from './mmap-lock.ts';
import type {Vma} from './vma.ts';
import {writerBegin, writerChanging, writerEnd} from './writer.ts';
import {zapPteRange} from './zap.ts';

export function* doMunmap(k: Kernel, task: Task, mm: Mm, vma: Vma): Step {
	const span = writerBegin(k, task, mm, 'munmap', vma.id, vma.start, vma.end, '__do_munmap');
	yield k.cost(k.params.syscallNs);
	yield* downWrite(k, task, mm.mmapSem, 'mmap_write_lock_killable');
	if (vma.detached) {
		// Already unmapped (by an injection, say): munmap of an empty range succeeds.
		yield* mmapWriteUnlock(k, task, mm);
		writerEnd(k, task, mm, span, vma, '__do_munmap');
		return;
	}
	writerChanging(mm, span, task, vma.start, vma.end);
	yield* k.scheme.vmaStartWrite(k, task, vma);
	yield* k.scheme.vmaUnlink(k, task, mm, vma);
	yield* k.scheme.vmaEndWriteAll(k, task, mm);
	yield* downgradeWrite(k, task, mm.mmapSem, '__do_munmap');
	// unmap_region
	const tlb = new MmuGather(); // tlb_gather_mmu
	yield* zapPteRange(k, task, mm, tlb, vma.start, vma.end, 'unmap_page_range');
	yield* tlbFinishMmu(k, task, mm, tlb);
	yield* freePgtables(k, task, mm, vma.start, vma.end);
	yield* removeVma(k, task, vma);
	yield* upRead(k, task, mm.mmapSem, 'mmap_read_unlock');
	writerEnd(k, task, mm, span, vma, '__do_munmap');
}

/** `remove_vma`: `->close`, `fput` (now or deferred), then free the structure as the scheme allows. */
function* removeVma(k: Kernel, task: Task, vma: Vma): Step {
	if (vma.file !== null) yield* k.scheme.fput(k, task, vma);
	vma.removedAt = k.now;
	yield* k.scheme.freeVma(k, task, vma);
}
