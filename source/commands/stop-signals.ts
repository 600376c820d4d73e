/**
 * The signals that stop a command early, each handled the same way: SIGINT (Ctrl-C),
 * SIGTERM (kill, a service manager) and SIGHUP (the terminal closed, an ssh session lost).
 * A command cleans up (finishes or removes its file), then re-raises (`reraise-signal.ts`).
 */
export const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Calls `handler` on each stop signal until the returned function removes it. */
export function onStopSignal(handler: (signal: NodeJS.Signals) => void): () => void {
	for (const signal of stopSignals) process.on(signal, handler);
	return () => {
		for (const signal of stopSignals) process.off(signal, handler);
	};
}
