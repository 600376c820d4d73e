/**
 * `do_mmap` → `mmap_region`, under `mmap_sem` for write: find the range (the hint if it is
 * free, else the highest free gap, top-down), then extend an adjacent compatible VMA
 * (`vma_merge_new_range`) or allocate and link a new one.
 */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {downWrite} from '../locks/rwsem.ts';
import {MMAP_BASE, type Mm} from './mm.ts';
import {mmapWriteUnlock} from './mmap-lock.ts';
import {PAGE_SIZE, vmGetPageProt} from './pte.ts';
import {vmaMergeNewRange} from './vma-adjust.ts';
import {describeFlags, type FileObject, Vma} from './vma.ts';
import {writerBegin, writerEnd} from './writer.ts';

export interface MmapRequest {
	readonly size: number;
	/** VM_READ | VM_WRITE | VM_EXEC | VM_SHARED. */
	readonly flags: number;
	readonly file: FileObject | null;
	/** `addr` without MAP_FIXED: used if [addr, addr+size) is free, else ignored. */
	readonly hint?: number;
}

/** Returns the start of the new mapping, as `mmap(2)` does (the VMA holding it may be larger). */
export function* doMmap(k: Kernel, task: Task, mm: Mm, req: MmapRequest): Step<number> {
	const span = writerBegin(k, task, mm, 'mmap', -1, 0, 0, 'do_mmap');
	yield k.cost(k.params.syscallNs);
	yield* downWrite(k, task, mm.mmapSem, 'mmap_write_lock_killable');
	yield k.cost(k.params.unmappedAreaNs);
	const size = pageAlign(req.size);
	const start = getUnmappedArea(mm, size, req.hint);
	let vma = yield* vmaMergeNewRange(k, task, mm, start, start + size, req);
	if (vma === null) {
		vma = createVma(k, mm, start, size, req, task.cpu);
		yield k.cost(k.params.vmaAllocNs);
		yield* k.scheme.vmaLink(k, task, mm, vma);
	}
	yield* mmapWriteUnlock(k, task, mm);
	writerEnd(k, task, mm, {...span, vma: vma.id}, vma, 'do_mmap');
	return start;
}

/** `get_unmapped_area`: the hint when the range is free and below the mmap base, else top-down. */
function getUnmappedArea(mm: Mm, size: number, hint: number | undefined): number {
	if (hint !== undefined && hint % PAGE_SIZE === 0 && hint + size <= MMAP_BASE && !mm.intersects(hint, hint + size)) return hint;
	return mm.getUnmappedArea(size);
}

/** `vm_area_alloc` (or `vm_area_dup`) plus the scheme's per-VMA state; reported as `vma-alloc`. */
export function createVma(k: Kernel, mm: Mm, start: number, size: number, req: MmapRequest, cpu: number, fn = 'vm_area_alloc'): Vma {
	const vma = new Vma(k.nextVmaId++, mm, start, start + size, req.flags, vmGetPageProt(req.flags), req.file);
	k.scheme.initVma(k, vma);
	k.emit({type: 'vma-alloc', t: k.now, cpu, fn, mm: mm.id, vma: vma.id, start: vma.start, end: vma.end, flags: describeFlags(vma.flags, vma.file !== null)});
	return vma;
}

export function pageAlign(size: number): number {
	return Math.max(PAGE_SIZE, Math.ceil(size / PAGE_SIZE) * PAGE_SIZE);
}
