/**
 * `do_fault` and its three cases for file-backed VMAs, with `->map_pages` fault-around
 * and `->fault` (`filemap_fault`, which may sleep on I/O).
 */
import type {Step} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {copyPage} from '../mem/page-ops.ts';
import {addMmCounterFast, MM_ANONPAGES, MM_FILEPAGES} from '../mm/mm-counters.ts';
import {pteIndex} from '../mm/pgtable.ts';
import {PAGE_SIZE, PTE_PRESENT} from '../mm/pte.ts';
import {VM_SHARED} from '../mm/vma.ts';
import {folioAddLruVma, folioPut, vmaAllocFolio} from '../mem/folio.ts';
import {hashPermille} from '../prng.ts';
import {doPageMkwrite, faultDirtySharedPage, folioAtomic, folioRef, pageOffset, reportFolioAtomics} from './file-page.ts';
import {mkPte} from './mk-pte.ts';
import {assertPtlHeld, installPte, pteMapLock, pteUnmapUnlock, readPte, setPteAt} from './pte-lock.ts';
import {isWrite, type PteVmf, type VmaVmf, VM_FAULT_OK, VM_FAULT_RETRY} from './vmf.ts';

/** Enter with the VMA stable and the PTE unlocked; return with the PTL released. */
export function* doFault(k: Kernel, vmf: PteVmf): Step<number> {
	if (!isWrite(vmf)) return yield* doReadFault(k, vmf);
	if (!(vmf.vmaFlags & VM_SHARED)) return yield* doCowFault(k, vmf);
	return yield* doSharedFault(k, vmf);
}

/** `do_read_fault`: try fault-around first; fall back to `->fault`. */
function* doReadFault(k: Kernel, vmf: PteVmf): Step<number> {
	vmf.kind = 'read';
	if (k.params.faultAroundPages > 1) {
		const r = yield* doFaultAround(k, vmf);
		if (r !== null) return r;
	}
	const r = yield* __doFault(k, vmf);
	if (r !== VM_FAULT_OK) return r;
	return yield* finishFault(k, vmf, false, 'do_read_fault');
}

/**
 * `do_cow_fault`: allocate and charge `cow_page`, read the file page, copy it into
 * `cow_page`, map that; `cow_page` is put when it is not mapped (`uncharge_out`).
 */
function* doCowFault(k: Kernel, vmf: PteVmf): Step<number> {
	vmf.kind = 'cow';
	yield* vmaAllocFolio(k, vmf.task);
	const r = yield* __doFault(k, vmf);
	if (r !== VM_FAULT_OK) {
		yield* folioPut(k, vmf.task);
		return r;
	}
	yield* copyPage(k, vmf.task.cpu, 'do_cow_fault');
	// put_page: the page-cache page was only the copy's source.
	yield* folioRef(k, vmf, 'do_cow_fault');
	return yield* finishFault(k, vmf, true, 'do_cow_fault');
}

/**
 * `do_shared_fault`: `->fault`, then `->page_mkwrite`, then map the page writable; once
 * mapped and the PTL dropped, `fault_dirty_shared_page`.
 */
function* doSharedFault(k: Kernel, vmf: PteVmf): Step<number> {
	vmf.kind = 'shared';
	const r = yield* __doFault(k, vmf);
	if (r !== VM_FAULT_OK) return r;
	yield* doPageMkwrite(k, vmf);
	const mapped = yield* finishFault(k, vmf, true, 'do_shared_fault');
	if (mapped === VM_FAULT_OK && vmf.kind === 'shared') yield* faultDirtySharedPage(k, vmf);
	return mapped;
}

/**
 * `do_fault_around` → `->map_pages` (`filemap_map_pages`): under the PTL, map the pages of
 * the window that are already in the page cache, without sleeping. Returns null when the
 * faulting page was not among them.
 */
export function* doFaultAround(k: Kernel, vmf: PteVmf): Step<number | null> {
	const fn = 'filemap_map_pages';
	const vma = vmf.vma;
	const table = vmf.table;
	const window = k.params.faultAroundPages * PAGE_SIZE;
	const start = Math.max(vma.start, table.base, Math.floor(vmf.addr / window) * window);
	const end = Math.min(vma.end, table.end, start + window);
	if (!(yield* pteMapLock(k, vmf, fn))) return VM_FAULT_RETRY;
	assertPtlHeld(k, vmf, fn);
	const cpu = vmf.task.cpu;
	let mapped = 0;
	// Each page mapped takes a reference and a mapcount on its `struct page` (one line).
	let atomicsNs = 0;
	let hit = false;
	for (let addr = start; addr < end; addr += PAGE_SIZE) {
		const index = pteIndex(addr);
		if (table.ptes[index]! & PTE_PRESENT || !inPageCache(k, vmf, addr)) continue;
		atomicsNs += folioAtomic(k, cpu, vma.file!, pageOffset(vmf, addr), k.now + atomicsNs);
		installPte(k, vmf.mm, table, index, mkPte(k, vmf, false, true), cpu, fn, 'set_pte_range');
		mapped++;
		if (addr === Math.floor(vmf.addr / PAGE_SIZE) * PAGE_SIZE) hit = true;
	}
	yield k.cost(mapped * k.params.faultAroundPageNs) + atomicsNs;
	if (mapped > 0) {
		reportFolioAtomics(k, cpu, vma.file!, fn, atomicsNs);
		addMmCounterFast(vmf.mm, vmf.task, MM_FILEPAGES);
	}
	yield* pteUnmapUnlock(k, vmf, fn);
	return hit ? VM_FAULT_OK : null;
}

/**
 * `__do_fault` → `->fault` (`filemap_fault`). A page-cache miss sleeps on I/O; if the
 * scheme lets the fault drop its lock for that (`maybe_unlock_mmap_for_io`), the fault
 * returns VM_FAULT_RETRY and is retried with the page now cached.
 */
export function* __doFault(k: Kernel, vmf: PteVmf): Step<number> {
	const file = vmf.vma.file!;
	const pgoff = pageOffset(vmf, vmf.addr);
	if (inPageCache(k, vmf, vmf.addr)) {
		yield k.cost(k.params.filemapFaultNs);
		file.cached.add(pgoff);
		yield* folioRef(k, vmf, 'filemap_fault');
		return VM_FAULT_OK;
	}
	if (vmf.releaseForIo !== null) {
		yield* vmf.releaseForIo(k, vmf);
		yield k.cost(k.params.fileIoNs);
		file.cached.add(pgoff);
		return VM_FAULT_RETRY;
	}
	yield k.cost(k.params.fileIoNs);
	file.cached.add(pgoff);
	yield* folioRef(k, vmf, 'filemap_fault');
	return VM_FAULT_OK;
}

/**
 * `finish_fault`: map the page under the PTL if the PTE is still empty. A COW copy is a
 * new anonymous folio: onto the LRU when mapped, put (by `do_cow_fault`) when not.
 */
function* finishFault(k: Kernel, vmf: PteVmf, mkwrite: boolean, fn: string): Step<number> {
	// A COW copy is anonymous; a shared or read-mapped page stays a page-cache page.
	const cow = vmf.kind === 'cow';
	if (!(yield* pteMapLock(k, vmf, fn))) {
		if (cow) yield* folioPut(k, vmf.task);
		return VM_FAULT_RETRY;
	}
	const mapped = (readPte(vmf) & PTE_PRESENT) === 0;
	if (mapped) {
		k.checker.useVma(vmf.vma, vmf.task.cpu, fn);
		// A COW copy is anonymous; a shared or read-mapped page stays a page-cache page.
		const cow = vmf.kind === 'cow';
		if (cow) yield* folioAddLruVma(k, vmf.task);
		addMmCounterFast(vmf.mm, vmf.task, cow ? MM_ANONPAGES : MM_FILEPAGES);
		yield* setPteAt(k, vmf, mkPte(k, vmf, mkwrite, !cow), fn);
	} else {
		vmf.kind = 'spurious';
	}
	yield* pteUnmapUnlock(k, vmf, fn);
	if (cow && !mapped) yield* folioPut(k, vmf.task);
	return VM_FAULT_OK;
}

/** Whether the file page behind `addr` is in the page cache (a stateless, seeded fact until read). */
function inPageCache(k: Kernel, vmf: VmaVmf, addr: number): boolean {
	const file = vmf.vma.file!;
	const pgoff = pageOffset(vmf, addr);
	return file.cached.has(pgoff) || hashPermille(file.id, pgoff) < k.params.pageCacheHitPermille;
}
