/**
 * Real threads onto simulated ones: the simulator pins one thread per CPU, so when a trace
 * has more threads than `--cpus` some real threads share a simulated one, their entries
 * interleaved in real time order. Each process gets at least one, the rest go where the
 * most real threads per simulated thread are.
 */
import {TraceError} from './trace-error.ts';

/** Simulated threads per process, for real thread counts `threads` on `cpus` CPUs. */
export function foldThreads(threads: readonly number[], cpus: number): number[] {
	if (threads.length > cpus) throw new TraceError(`the trace has ${threads.length} processes and each needs its own CPU: --cpus ${cpus} is too few`);
	const slots = threads.map(() => 1);
	for (let free = cpus - threads.length; free > 0; free--) {
		let best = -1;
		for (const [i, n] of threads.entries()) {
			if (slots[i]! < n && (best < 0 || n / slots[i]! > threads[best]! / slots[best]!)) best = i;
		}
		if (best < 0) break;
		slots[best]!++;
	}
	return slots;
}
