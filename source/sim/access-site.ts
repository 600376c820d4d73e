/**
 * The code site of a shared-state access: the lock or line's name with the instance taken
 * out, so `vma#12.vm_sequence` and `vma#40.vm_sequence` are one site (`vma.vm_sequence`),
 * as are every PTE table's `ptl@0x…` (`ptl`) and every process's `mm3:mmap_sem`. Explored
 * schedules draw stalls site first (schedule.ts): a rare site is as likely as a hot one.
 */
const instance = /^mm\d+:|@.*$|#\d+/g;

export function accessSite(name: string): string {
	return name.replace(instance, '');
}
