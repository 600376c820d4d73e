/**
 * Ends the process by the signal that stopped it, after cleanup, so a calling shell sees it
 * killed by SIGINT (status 130) and a `for` loop or `make` stops too, instead of reading an
 * ordinary exit. The signals a command stops on are those of `stop-signals.ts`.
 */
import {constants} from 'node:os';

export function reraiseSignal(signal: NodeJS.Signals): void {
	// Fallback if a listener somewhere keeps the signal from killing us.
	process.exitCode = 128 + constants.signals[signal];
	process.removeAllListeners(signal);
	process.kill(process.pid, signal);
}
