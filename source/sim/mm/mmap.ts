/** `do_mmap`: allocate a VMA in the highest free gap and link it, under `mmap_sem` for write. */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {downWrite} from '../locks/rwsem.ts';
import type {Mm} from './mm.ts';
import {mmapWriteUnlock} from './mmap-lock.ts';
import {PAGE_SIZE, vmGetPageProt} from './pte.ts';
import {describeFlags, type FileObject, Vma} from './vma.ts';
import {writerBegin, writerEnd} from './writer.ts';

export interface MmapRequest {
	readonly size: number;
	/** VM_READ | VM_WRITE | VM_EXEC | VM_SHARED. */
	readonly flags: number;
	readonly file: FileObject | null;
}

export function* doMmap(k: Kernel, task: Task, mm: Mm, req: MmapRequest): Step<Vma> {
	const span = writerBegin(k, task, mm, 'mmap', -1, 0, 0, 'do_mmap');
	yield k.cost(k.params.syscallNs);
	yield* downWrite(k, task, mm.mmapSem, 'mmap_write_lock_killable');
	yield k.cost(k.params.unmappedAreaNs);
	const vma = createVma(k, mm, mm.getUnmappedArea(pageAlign(req.size)), pageAlign(req.size), req, task.cpu);
	yield k.cost(k.params.vmaAllocNs);
	yield* k.scheme.vmaLink(k, task, mm, vma);
	yield* mmapWriteUnlock(k, task, mm);
	writerEnd(k, task, mm, {...span, vma: vma.id}, vma, 'do_mmap');
	return vma;
}

/** `vm_area_alloc` plus the scheme's per-VMA state; reported as `vma-alloc`. */
export function createVma(k: Kernel, mm: Mm, start: number, size: number, req: MmapRequest, cpu: number): Vma {
	const vma = new Vma(k.nextVmaId++, mm, start, start + size, req.flags, vmGetPageProt(req.flags), req.file);
	k.scheme.initVma(k, vma);
	k.emit({type: 'vma-alloc', t: k.now, cpu, fn: 'vm_area_alloc', mm: mm.id, vma: vma.id, start: vma.start, end: vma.end, flags: describeFlags(vma.flags, vma.file !== null)});
	return vma;
}

export function pageAlign(size: number): number {
	return Math.max(PAGE_SIZE, Math.ceil(size / PAGE_SIZE) * PAGE_SIZE);
}
