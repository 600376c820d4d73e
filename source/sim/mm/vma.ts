/**
 * `struct vm_area_struct`: a range of one mm with its flags and protection, and the
 * per-VMA state some schemes add (sequence count, reference count, per-VMA lock).
 */
import type {CacheLine} from '../cacheline.ts';
import type {Prot} from '../config.ts';
import type {Task} from '../engine.ts';
import type {RefCount} from '../locks/refcount.ts';
import type {RwSem} from '../locks/rwsem.ts';
import type {SeqCount} from '../locks/seqcount.ts';
import type {SpinLock} from '../locks/spinlock.ts';
import type {Mm} from './mm.ts';

export const VM_READ = 0x1;
export const VM_WRITE = 0x2;
export const VM_EXEC = 0x4;
export const VM_SHARED = 0x8;

/** A file whose pages a VMA maps; the page cache is shared by every mapping of it. */
export class FileObject {
	/** Page offsets read into the page cache so far. */
	readonly cached = new Set<number>();
	// The shared lines of its page cache (fault/file-page.ts), made when first touched.
	/** Each cached page's `struct page` line (`_refcount`, `_mapcount`, flags), by page offset. */
	readonly folios = new Map<number, CacheLine>();
	/** Page offsets tagged PAGECACHE_TAG_DIRTY (nothing writes them back within a run). */
	readonly dirty = new Set<number>();
	/** `mapping->i_pages` (the xarray's `xa_lock`). */
	iPages: SpinLock | null = null;
	/** The inode's `i_mtime`/`i_ctime` line, and the coarse-clock tick it was last set in. */
	inodeLine: CacheLine | null = null;
	mtimeTick = -1;

	constructor(
		readonly id: number,
		readonly name: string,
	) {}
}

export class Vma {
	/**
	 * `vma->anon_vma`: 0 until the first private anonymous page (`anon_vma_prepare`), then an
	 * identity that the pieces of a split share and a merge keeps (`is_mergeable_anon_vma`).
	 */
	anonVma = 0;
	/** Unlinked from the mm's tree (`RB_EMPTY_NODE`, `vma_mark_detached`). */
	detached = false;
	/** Memory returned: any later dereference is a use-after-free. */
	freed = false;
	/** When `remove_vma` ran, for the deferral reported by `vma-free`. */
	removedAt = 0;
	faults = 0;
	// Scheme state, set by `Scheme.initVma` for the schemes that have it (as the kernel's
	// fields exist only under the patch or config that adds them).
	/** SRCU 2010, SPF: `vma->vm_sequence`, odd while a writer changes the VMA. */
	vmSequence?: SeqCount;
	/** refcount-2010 `vma->refcnt`, SPF `vm_ref_count`, rcu-2021 `vm_ref_count`. */
	refcnt?: RefCount;
	/** refcount-2010: `vma->wait_queue`, the unmapper waiting for `refcnt` to drain. */
	waitQueue?: Task;
	/** per-VMA locks: `vma->vm_lock` and `vma->vm_lock_seq`. */
	vmLock?: RwSem;
	vmLockSeq = -1;

	constructor(
		readonly id: number,
		/** `vma->vm_mm`. */
		readonly mm: Mm,
		/** `vm_start` / `vm_end`: a merge (`vma_expand`) or a split (`__split_vma`) moves them. */
		public start: number,
		public end: number,
		/** VM_READ | VM_WRITE | VM_EXEC | VM_SHARED. */
		public flags: number,
		/** `vm_page_prot`: the PTE bits a fault may install before write handling. */
		public pageProt: number,
		readonly file: FileObject | null,
	) {}

	contains(addr: number): boolean {
		return addr >= this.start && addr < this.end;
	}
}

export function protToFlags(prot: Prot, shared: boolean): number {
	let flags = shared ? VM_SHARED : 0;
	if (prot.includes('r')) flags |= VM_READ;
	if (prot.includes('w')) flags |= VM_WRITE;
	if (prot.includes('x')) flags |= VM_EXEC;
	return flags;
}

/** `rw-p`-style flags as in /proc/PID/maps, with the backing kind. */
export function describeFlags(flags: number, file: boolean): string {
	return (
		(flags & VM_READ ? 'r' : '-') +
		(flags & VM_WRITE ? 'w' : '-') +
		(flags & VM_EXEC ? 'x' : '-') +
		(flags & VM_SHARED ? 's' : 'p') +
		(file ? ' file' : ' anon')
	);
}
