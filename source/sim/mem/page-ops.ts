/**
 * `clear_page` and `copy_page` (`copy_user_highpage`): the CPU's part (`pageZeroNs`,
 * `pageCopyNs`, with jitter) overlapped with the page's bytes on its socket's memory
 * channels. A clear writes the page (x86 `clear_page_erms`: `rep stosb`, whose fast-string
 * stores skip the read for ownership); a copy reads the old page and writes the new one.
 * When the channels made the operation wait, the wait is reported as an acquisition of
 * `membw@nodeN` when it completes, so a saturated socket shows on the heatmap and in the
 * lock-wait shares.
 */
import type {Step} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {PAGE_SIZE} from '../mm/pte.ts';

/** `clear_page` on `cpu`. */
export function clearPage(k: Kernel, cpu: number, fn: string): Step {
	return pageTraffic(k, cpu, PAGE_SIZE, k.cost(k.params.pageZeroNs), fn);
}

/** `copy_page` on `cpu`. */
export function copyPage(k: Kernel, cpu: number, fn: string): Step {
	return pageTraffic(k, cpu, 2 * PAGE_SIZE, k.cost(k.params.pageCopyNs), fn);
}

function* pageTraffic(k: Kernel, cpu: number, bytes: number, cpuNs: number, fn: string): Step {
	const ns = k.bandwidth.transfer(cpu, k.now, bytes, cpuNs);
	yield ns;
	if (ns > cpuNs) k.emit({type: 'lock-acquire', t: k.now, cpu, fn, lock: k.bandwidth.ids[k.topology.socketOf[cpu]!]!, mode: 'bw', waitNs: ns - cpuNs});
}
