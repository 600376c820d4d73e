/**
 * PTE bits and `vm_get_page_prot`. A PTE here is a byte: present, writable, and whether
 * it maps a page-cache page or the zero page (so a write to a private mapping must copy
 * it first).
 */
import {VM_EXEC, VM_READ, VM_SHARED, VM_WRITE} from './vma.ts';

export const PTE_PRESENT = 0x1;
export const PTE_WRITE = 0x2;
export const PTE_FILE = 0x4;
/** Maps the shared zero page (`pte_mkspecial(pfn_pte(my_zero_pfn(addr), ...))`): never writable. */
export const PTE_ZERO = 0x8;

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
/** One PTE table maps 2 MiB. */
export const PMD_SHIFT = 21;
export const PTRS_PER_PTE = 512;
/** One PMD table maps 1 GiB. */
export const PUD_SHIFT = 30;

/** `vm_get_page_prot`: private mappings never get write here (COW); shared writable do. */
export function vmGetPageProt(flags: number): number {
	if ((flags & (VM_READ | VM_WRITE | VM_EXEC)) === 0) return 0;
	return PTE_PRESENT | ((flags & (VM_WRITE | VM_SHARED)) === (VM_WRITE | VM_SHARED) ? PTE_WRITE : 0);
}

export function hex(addr: number): string {
	return '0x' + addr.toString(16);
}
