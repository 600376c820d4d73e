/**
 * Ctrl-Z as a shell user expects it. In raw mode the terminal sends Ctrl-Z as a key instead
 * of stopping the process, so the dashboard stops itself: it gives the shell its screen and
 * its cooked terminal back, then sends itself SIGTSTP (the shell's job control takes over).
 * `fg` sends SIGCONT: raw mode and the alternate screen come back, and `repaint` redraws
 * the whole frame, since the screen Ink drew on is gone.
 */

const leaveAlternateScreen = '\u001B[?1049l\u001B[?25h';
const enterAlternateScreen = '\u001B[?1049h\u001B[H\u001B[?25l';

export interface SuspendTerminal {
	readonly stdin: NodeJS.ReadStream;
	readonly stdout: NodeJS.WriteStream;
}

export function suspendToShell({stdin, stdout}: SuspendTerminal, repaint: () => void): void {
	stdout.write(leaveAlternateScreen);
	if (stdin.isTTY) stdin.setRawMode(false);
	process.once('SIGCONT', () => {
		if (stdin.isTTY) stdin.setRawMode(true);
		stdout.write(enterAlternateScreen);
		repaint();
	});
	process.kill(process.pid, 'SIGTSTP');
}
