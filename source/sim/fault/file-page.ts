/**
 * The shared state a fault on a page-cache page writes, beyond the PTL: the page's own
 * line (`folio_try_get` in `filemap_fault` / `filemap_map_pages`, `page_add_file_rmap`,
 * `put_page`), the inode's times (`file_update_time` in `->page_mkwrite`) and the mapping's
 * xarray lock when a page first becomes dirty (`folio_mark_dirty` → `__folio_mark_dirty`).
 * Several threads mapping one file share these lines, as they share the page cache.
 * (mm/filemap.c, mm/page-writeback.c, fs/inode.c.)
 */
import type {Step} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {SpinLock, spinLock, spinUnlock} from '../locks/spinlock.ts';
import {PAGE_SIZE} from '../mm/pte.ts';
import type {FileObject} from '../mm/vma.ts';
import type {VmaVmf} from './vmf.ts';

/** The page offset of `addr` in vmf's file. */
export function pageOffset(vmf: VmaVmf, addr: number): number {
	return Math.floor((addr - vmf.vma.start) / PAGE_SIZE);
}

/**
 * An atomic on the `struct page` of the file page at `pgoff` (`folio_try_get`, or the
 * `_mapcount` increment beside it): returns its ns. Its wait is reported by the caller.
 */
export function folioAtomic(k: Kernel, cpu: number, file: FileObject, pgoff: number, now: number): number {
	let line = file.folios.get(pgoff);
	if (line === undefined) file.folios.set(pgoff, (line = k.line(`folio@${file.name}:${pgoff}`)));
	return k.lines.rmw(line, cpu, now);
}

/** Reports `ns` just spent in page atomics by `fn` as one acquisition of the file's `folio._refcount`. */
export function reportFolioAtomics(k: Kernel, cpu: number, file: FileObject, fn: string, ns: number): void {
	k.emit({type: 'lock-acquire', t: k.now, cpu, fn, lock: `folio._refcount@${file.name}`, mode: 'atomic', waitNs: ns});
}

/** One page reference taken or dropped (`folio_try_get`, `put_page`), reported. */
export function* folioRef(k: Kernel, vmf: VmaVmf, fn: string): Step {
	const file = vmf.vma.file!;
	const ns = folioAtomic(k, vmf.task.cpu, file, pageOffset(vmf, vmf.addr), k.now);
	yield ns;
	reportFolioAtomics(k, vmf.task.cpu, file, fn, ns);
}

/**
 * `do_page_mkwrite` → `->page_mkwrite` (`filemap_page_mkwrite`): its own work, then
 * `file_update_time`, which reads the inode's times and writes them (`inode_update_time`,
 * `__mark_inode_dirty`) only when the coarse clock has ticked since they were set.
 * Enter and return with no PTL held (it may sleep).
 */
export function* doPageMkwrite(k: Kernel, vmf: VmaVmf): Step {
	yield k.cost(k.params.pageMkwriteNs);
	const file = vmf.vma.file;
	if (file === null) return;
	const line = (file.inodeLine ??= k.line(`inode.i_mtime@${file.name}`));
	const cpu = vmf.task.cpu;
	const t0 = k.now;
	const tick = Math.floor(k.now / k.params.coarseClockNs);
	let ns = k.lines.load(line, cpu, t0);
	if (tick !== file.mtimeTick) {
		file.mtimeTick = tick;
		ns += k.lines.store(line, cpu, t0 + ns);
	}
	yield ns;
	k.emit({type: 'lock-acquire', t: k.now, cpu, fn: 'file_update_time', lock: line.name, mode: 'atomic', waitNs: ns});
}

/**
 * `fault_dirty_shared_page` → `folio_mark_dirty`: the first dirtying of a page tags it in
 * the page cache under `mapping->i_pages`; a page already dirty costs nothing more.
 * Called after the PTL is released, as the kernel does.
 */
export function* faultDirtySharedPage(k: Kernel, vmf: VmaVmf): Step {
	const file = vmf.vma.file;
	if (file === null) return;
	const pgoff = pageOffset(vmf, vmf.addr);
	if (file.dirty.has(pgoff)) return;
	file.dirty.add(pgoff);
	const lock = (file.iPages ??= new SpinLock(k, `mapping->i_pages@${file.name}`, false));
	yield* spinLock(k, vmf.task, lock, '__folio_mark_dirty');
	yield k.params.lineHitNs; // __xa_set_mark(PAGECACHE_TAG_DIRTY)
	yield* spinUnlock(k, vmf.task, lock, '__folio_mark_dirty');
}

