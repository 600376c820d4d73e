/**
 * The terminal around the dashboard: the alternate screen (so quitting gives the shell its
 * screen back, as `top` and `htop` do), and putting it back however the process ends: a
 * quit, an error, a signal, or an exception nobody caught.
 */

const enterAlternateScreen = '\u001B[?1049h\u001B[H';
const leaveAlternateScreen = '\u001B[?1049l';
const showCursor = '\u001B[?25h';

export class DashboardTerminal {
	#entered = false;
	readonly #restoreOnExit = () => this.leave();

	constructor(private readonly stdout: NodeJS.WriteStream) {}

	/** Switches to the alternate screen; `leave` (also run at process exit) switches back. */
	enter(): void {
		if (this.#entered) return;
		this.#entered = true;
		this.stdout.write(enterAlternateScreen);
		process.on('exit', this.#restoreOnExit);
	}

	/** Back to the shell's screen with the cursor shown; idempotent. */
	leave(): void {
		if (!this.#entered) return;
		this.#entered = false;
		process.off('exit', this.#restoreOnExit);
		this.stdout.write(leaveAlternateScreen + showCursor);
	}
}

/** Why the dashboard needs a terminal, as one line for stderr. */
export function notATerminalMessage(stdin: {readonly isTTY?: boolean}, stdout: {readonly isTTY?: boolean}): string | null {
	if (stdin.isTTY && stdout.isTTY) return null;
	const which = !stdout.isTTY && !stdin.isTTY ? 'stdin and stdout are not a terminal' : !stdout.isTTY ? 'stdout is not a terminal' : 'stdin is not a terminal';
	return `spf-top: the live dashboard needs a terminal (${which}); run with --headless for a summary`;
}
