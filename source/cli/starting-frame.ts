/**
 * A first frame for the dashboard, painted before the heavy imports (Ink, React, the
 * simulator): on a loaded machine, and through npx, they take a second or more, and a
 * terminal that stays blank meanwhile looks hung. It is one plain line, erased the moment
 * the dashboard takes the screen or anything else is printed.
 */
import {parseArgv} from './parse-argv.ts';

const otherCommands = new Set(['scenarios', 'compare', 'check', 'sweep', 'merge', 'verify', 'export', 'recover', 'help']);
const eraseLine = '\r\u001B[2K';

let painted: NodeJS.WriteStream | undefined;

interface Terminal {
	readonly stdout: NodeJS.WriteStream;
	readonly stdin: {readonly isTTY?: boolean};
}

/** Paints "starting…" when this command line will open the dashboard in a terminal. */
export function paintStartingFrame(argv: readonly string[], {stdout, stdin}: Terminal): void {
	if (!stdout.isTTY || !stdin.isTTY || !opensDashboard(argv)) return;
	stdout.write(`${eraseLine}spf-top · starting…`);
	painted = stdout;
}

/** Erases the starting frame, if there is one; idempotent. */
export function clearStartingFrame(): void {
	painted?.write(eraseLine);
	painted = undefined;
}

function opensDashboard(argv: readonly string[]): boolean {
	try {
		const {input, flags} = parseArgv(argv);
		if (flags.help || flags.version || flags.headless || otherCommands.has(input[0] ?? '')) return false;
		return flags.record === undefined || flags.live;
	} catch {
		return false;
	}
}
