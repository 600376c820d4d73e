/**
 * Changing the range of VMAs that exist (mm/vma.c): `vma_merge_new_range` / `vma_expand`
 * when an mmap lands next to a compatible anonymous VMA, `__split_vma` when munmap or
 * mprotect covers only part of one. All with `mmap_sem` held for write. Every VMA whose
 * range changes goes through the scheme's writer hooks first (`vma_start_write` in 6.4+,
 * `vm_write_begin` in SPF's `__vma_adjust`), so a fault that found it without `mmap_sem`
 * aborts (`vma_changed`, VMA_LOCK_ABORT) instead of using a range that is moving.
 * Each change is reported as a `vma-adjust` event with the VMA's new range.
 */
import type {Step, Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import type {Mm} from './mm.ts';
import {createVma, type MmapRequest} from './mmap.ts';
import {removeVma} from './remove-vma.ts';
import type {Vma} from './vma.ts';

/**
 * `is_mergeable_vma` for what the simulator models: anonymous on both sides (a file merge also
 * needs matching `vm_pgoff`, not modelled) and the same `vm_flags`.
 */
function isMergeableVma(vma: Vma, req: MmapRequest): boolean {
	return vma.file === null && req.file === null && vma.flags === req.flags;
}

/**
 * `vma_merge_new_range`: the new range [start, end) extends `prev` (ending at `start`) or
 * `next` (starting at `end`), or both, the later one then removed (`vma_expand` with
 * `remove_next`). `prev` and `next` may both be kept only if their anon_vmas agree
 * (`can_vma_merge_right`). Returns the expanded VMA, or null when nothing merges.
 */
export function* vmaMergeNewRange(k: Kernel, task: Task, mm: Mm, start: number, end: number, req: MmapRequest): Step<Vma | null> {
	const after = mm.findVma(start);
	const at = after === null ? mm.vmas.length : mm.vmas.indexOf(after);
	const prevVma = at > 0 ? mm.vmas[at - 1]! : null;
	const prev = prevVma !== null && prevVma.end === start && isMergeableVma(prevVma, req) ? prevVma : null;
	const nextVma = after !== null && after.start === end ? after : null;
	const next = nextVma !== null && isMergeableVma(nextVma, req) && (prev === null || !prev.anonVma || !nextVma.anonVma || prev.anonVma === nextVma.anonVma) ? nextVma : null;
	const target = prev ?? next;
	if (target === null) return null;
	yield* vmaExpand(k, task, mm, target, prev?.start ?? start, next?.end ?? end, prev !== null ? next : null);
	return target;
}

/**
 * `vma_expand`: write-lock the target, take over `next`'s anon_vma if the target has none
 * (`dup_anon_vma`) and write-lock `next` if it is absorbed, then `commit_merge`: the tree
 * store of the new range (covering `next`'s too), and `vma_complete` detaching `next` and
 * freeing it (`vm_area_free`, deferred as the scheme frees any VMA).
 */
function* vmaExpand(k: Kernel, task: Task, mm: Mm, target: Vma, start: number, end: number, removeNext: Vma | null): Step {
	yield* k.scheme.vmaStartWrite(k, task, target);
	if (removeNext !== null) {
		if (!target.anonVma) target.anonVma = removeNext.anonVma;
		yield* k.scheme.vmaStartWrite(k, task, removeNext);
	}
	yield k.lines.store(mm.treeLine, task.cpu, k.now);
	mm.setVmaRange(target, start, end);
	k.emit({type: 'vma-adjust', t: k.now, cpu: task.cpu, fn: 'vma_expand', mm: mm.id, vma: target.id, start, end});
	if (removeNext !== null) yield* k.scheme.vmaUnlink(k, task, mm, removeNext);
	yield* k.scheme.vmaEndWrite(k, task, target);
	if (removeNext !== null) yield* removeVma(k, task, removeNext);
}

/**
 * `__split_vma(vma, addr, new_below)`: a copy of the VMA (`vm_area_dup`, sharing its anon_vma:
 * `anon_vma_clone`) takes [vm_start, addr) when `newBelow`, else [addr, vm_end); `vma` keeps
 * the rest. Both are write-locked (`vma_start_write(vma)`, `vma_start_write(new)` through the
 * scheme's link of the new one). Returns the new VMA.
 */
export function* splitVma(k: Kernel, task: Task, mm: Mm, vma: Vma, addr: number, newBelow: boolean): Step<Vma> {
	yield k.cost(k.params.vmaAllocNs);
	const [start, end] = newBelow ? [vma.start, addr] : [addr, vma.end];
	const copy = createVma(k, mm, start, end - start, {size: end - start, flags: vma.flags, file: vma.file}, task.cpu, 'vm_area_dup');
	copy.anonVma = vma.anonVma;
	copy.pageProt = vma.pageProt;
	yield* k.scheme.vmaStartWrite(k, task, vma);
	// vma_complete stores the new VMA into the tree; until `vma` shrinks, lookups still find `vma`.
	yield* k.scheme.vmaLink(k, task, mm, copy);
	mm.setVmaRange(vma, newBelow ? addr : vma.start, newBelow ? vma.end : addr);
	yield* k.scheme.vmaEndWrite(k, task, vma);
	k.emit({type: 'vma-adjust', t: k.now, cpu: task.cpu, fn: '__split_vma', mm: mm.id, vma: vma.id, start: vma.start, end: vma.end});
	return copy;
}
