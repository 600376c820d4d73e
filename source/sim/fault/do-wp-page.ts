/** `do_wp_page`: a write to a present, write-protected PTE. */
import type {Step} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {clearPage, copyPage} from '../mem/page-ops.ts';
import {addMmCounterFast, MM_ANONPAGES, MM_FILEPAGES} from '../mm/mm-counters.ts';
import {PTE_FILE, PTE_ZERO} from '../mm/pte.ts';
import {VM_SHARED, VM_WRITE} from '../mm/vma.ts';
import {folioAddLruVma, folioPut, vmaAllocFolio} from '../mem/folio.ts';
import {anonVmaPrepare} from './anon-vma-prepare.ts';
import {doPageMkwrite, faultDirtySharedPage} from './file-page.ts';
import {mkPte} from './mk-pte.ts';
import {assertPtlHeld, pteMapLock, pteSame, pteUnmapUnlock, setPteAt} from './pte-lock.ts';
import {type PteVmf, VM_FAULT_OK, VM_FAULT_RETRY, VM_FAULT_SIGSEGV} from './vmf.ts';

/**
 * Enter with the PTL held (taken by `handle_pte_fault`, `orig_pte` re-checked); return
 * with it released. Shared mappings are made writable after `->page_mkwrite`
 * (`wp_page_shared`); the zero page or a page-cache page of a private mapping is copied
 * (`wp_page_copy`); a private page this mapping already owns is reused (`wp_page_reuse`).
 */
export function* doWpPage(k: Kernel, vmf: PteVmf): Step<number> {
	const fn = 'do_wp_page';
	assertPtlHeld(k, vmf, fn);
	if (!(vmf.vmaFlags & VM_WRITE)) {
		yield* pteUnmapUnlock(k, vmf, fn);
		return VM_FAULT_SIGSEGV;
	}
	if (vmf.vmaFlags & VM_SHARED) return yield* wpPageShared(k, vmf);
	if (vmf.origPte & (PTE_FILE | PTE_ZERO)) return yield* wpPageCopy(k, vmf);
	// wp_page_reuse: the page is ours already.
	vmf.kind = 'wp';
	yield* mapWritable(k, vmf, false, 'wp_page_reuse');
	return VM_FAULT_OK;
}

/**
 * `wp_page_shared`: `->page_mkwrite` may sleep, so it runs without the PTL; then
 * `finish_mkwrite_fault`, and `fault_dirty_shared_page` once the PTL is dropped.
 */
function* wpPageShared(k: Kernel, vmf: PteVmf): Step<number> {
	vmf.kind = 'wp';
	yield* pteUnmapUnlock(k, vmf, 'wp_page_shared');
	yield* doPageMkwrite(k, vmf);
	const mapped = yield* relockAndMap(k, vmf, (vmf.origPte & PTE_FILE) !== 0, false, 'finish_mkwrite_fault');
	if (mapped === VM_FAULT_OK && vmf.kind === 'wp') yield* faultDirtySharedPage(k, vmf);
	return mapped;
}

/**
 * `wp_page_copy`: drop the PTL, `anon_vma_prepare`, allocate and charge the new page (a
 * zeroed one for the zero page, `vma_alloc_zeroed_movable_folio`; else a copy of the old),
 * then retake the PTL and install it if the PTE is still `orig_pte`.
 */
function* wpPageCopy(k: Kernel, vmf: PteVmf): Step<number> {
	const fn = 'wp_page_copy';
	vmf.kind = 'cow';
	yield* pteUnmapUnlock(k, vmf, fn);
	yield* anonVmaPrepare(k, vmf.vma);
	yield* vmaAllocFolio(k, vmf.task);
	yield* vmf.origPte & PTE_ZERO ? clearPage(k, vmf.task.cpu, fn) : copyPage(k, vmf.task.cpu, fn);
	const r = yield* relockAndMap(k, vmf, false, true, fn);
	// A new anonymous page; one from the page cache leaves the file count.
	if (vmf.kind === 'cow') addMmCounterFast(vmf.mm, vmf.task, vmf.origPte & PTE_FILE ? MM_ANONPAGES | MM_FILEPAGES : MM_ANONPAGES);
	return r;
}

/**
 * Retakes the PTL after a step that slept; maps the page writable only if the PTE did not
 * change meanwhile. A `newFolio` goes onto the LRU when mapped and is put when not.
 */
function* relockAndMap(k: Kernel, vmf: PteVmf, file: boolean, newFolio: boolean, fn: string): Step<number> {
	if (!(yield* pteMapLock(k, vmf, fn))) {
		if (newFolio) yield* folioPut(k, vmf.task);
		return VM_FAULT_RETRY;
	}
	if (pteSame(k, vmf, fn)) {
		if (newFolio) yield* folioAddLruVma(k, vmf.task);
		yield* mapWritable(k, vmf, file, fn);
	} else {
		vmf.kind = 'spurious';
		yield* pteUnmapUnlock(k, vmf, fn);
		if (newFolio) yield* folioPut(k, vmf.task);
	}
	return VM_FAULT_OK;
}

/** With the PTL held, set the PTE writable (`maybe_mkwrite`: the reused or the new page), then drop the PTL. */
function* mapWritable(k: Kernel, vmf: PteVmf, file: boolean, fn: string): Step {
	k.checker.useVma(vmf.vma, vmf.task.cpu, fn);
	yield* setPteAt(k, vmf, mkPte(k, vmf, true, file), fn);
	yield* pteUnmapUnlock(k, vmf, fn);
}
