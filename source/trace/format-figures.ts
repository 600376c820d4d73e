/** The real run's figures as the lines `import` prints. */
import {percent as sharePercent, rate as perSecond} from '../format/numbers.ts';
import type {RealSummary} from './real-figures.ts';
import {contendedNs} from './real-figures.ts';

const percent = (share: number): string => sharePercent(share, 1);
const micros = (ns: number): string => `${(ns / 1000).toFixed(1)}us`;

export function formatFigures(s: RealSummary, kernelLine: string): string[] {
	const seconds = s.spanNs / 1e9;
	const rate = (n: number): string => (seconds > 0 ? `${perSecond(n / seconds)}/s` : '-');
	const waiters = [...s.threads].filter(t => t.lockWaits > 0).sort((a, b) => b.lockWaitNs - a.lockWaitNs).slice(0, 4);
	return [
		`Real run (${kernelLine}), ${(s.spanNs / 1e6).toFixed(3)} ms:`,
		`  faults      ${s.faults} (${s.writes} writes), ${rate(s.faults)}; ${s.distinctPages} distinct pages`,
		...s.threads.filter(t => t.faults > 0).slice(0, 16).map(t => `    tid ${t.tid} ${t.comm}: ${t.faults} faults, ${rate(t.faults)}`),
		`  locality    ${percent(s.sequential)} next to the thread's previous fault, ${percent(s.samePteTable)} in its PTE table (2 MiB)`,
		`  calls       mmap ${s.calls.mmap}, munmap ${s.calls.munmap}, mprotect ${s.calls.mprotect}, madvise ${s.calls.madvise}, brk ${s.calls.brk}`,
		`  mmap_lock   ${s.lock.acquisitions} acquisitions (${s.lock.writes} write); ${s.lock.contended} waited ≥ ${micros(contendedNs)}; wait total ${micros(s.lock.totalWaitNs)}, p99 ${micros(s.lock.p99Ns)}, max ${micros(s.lock.maxNs)}`,
		...(waiters.length > 0 ? [`    waiting threads: ${waiters.map(t => `tid ${t.tid} ${t.comm} ${t.lockWaits}× ${micros(t.lockWaitNs)}`).join(', ')}`] : []),
	];
}

/** Which scheme the recording kernel used: per-VMA locks from Linux 6.4 on. */
export function kernelScheme(release: string): string {
	const match = /^(\d+)\.(\d+)/.exec(release);
	if (!match) return `Linux ${release}`;
	const [major, minor] = [Number(match[1]), Number(match[2])];
	return `Linux ${release}, ${major > 6 || (major === 6 && minor >= 4) ? 'per-VMA locks' : 'mmap_lock only'}`;
}
