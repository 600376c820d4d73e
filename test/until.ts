// Waiting for a readiness signal (a first frame, a line on stderr, a file appearing) instead
// of sleeping a fixed time: on a loaded 2-core machine a program can take tens of seconds to
// start, so the deadline is generous, and a test that is ready early goes on at once.

/** How long a test waits for a readiness signal before it fails. */
export const readyMs = 60_000;

/**
 * Polls `probe` every `everyMs` until it gives something other than `undefined` or `null`,
 * and resolves with that; rejects after `timeoutMs`, naming `what` and, when given, `last()`
 * (the screen or output the test was watching).
 */
export async function until<T>(what: string, probe: () => T | undefined | null, timeoutMs = readyMs, last?: () => string, everyMs = 50): Promise<T> {
	const start = Date.now();
	for (;;) {
		const value = probe();
		if (value !== undefined && value !== null) return value;
		if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last === undefined ? '' : `; it was:\n${last()}`}`);
		await new Promise(resolve => setTimeout(resolve, everyMs));
	}
}
