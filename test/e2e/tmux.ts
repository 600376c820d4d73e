// Drives spf-top in a real terminal: a detached tmux session of a given size, keys sent
// with send-keys, the screen read with capture-pane. Started with CI removed from the
// environment: with CI set, Ink prints only its last frame.
import {execFileSync, spawnSync} from 'node:child_process';
import {readyMs, until} from '../until.ts';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;
let sessions = 0;

export class Terminal {
	readonly name = `spf-e2e-${process.pid}-${++sessions}`;

	/** Starts `spf-top ARGS` at `columns`×`rows`; `env` adds variables (`NO_COLOR=1`). */
	constructor(args: string, columns = 120, rows = 40, env = '') {
		// The shell prints the exit code on the screen spf-top gives back, then waits to be read.
		const command = `env -u CI ${env} ${process.execPath} ${cli} ${args}; echo "EXIT=$?"; sleep 600`;
		execFileSync('tmux', ['new-session', '-d', '-s', this.name, '-x', String(columns), '-y', String(rows), command]);
	}

	/** The screen as text (`colour`: with its escape codes). */
	screen(colour = false): string {
		return execFileSync('tmux', ['capture-pane', '-p', ...(colour ? ['-e'] : []), '-t', this.name], {encoding: 'utf8'});
	}

	lines(): string[] {
		return this.screen().split('\n');
	}

	/** Sends keys as tmux names them (`m`, `Space`, `Enter`, `Escape`, `Down`, `Tab`). */
	keys(...keys: string[]): void {
		execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
	}

	/** Types text literally. */
	type(text: string): void {
		execFileSync('tmux', ['send-keys', '-l', '-t', this.name, text]);
	}

	resize(columns: number, rows: number): void {
		execFileSync('tmux', ['resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows)]);
	}

	/** Polls the screen until `test` holds; throws with the last screen after `timeoutMs` (generous: see `readyMs`). */
	async waitFor(test: (screen: string) => boolean, what: string, timeoutMs = readyMs, everyMs?: number): Promise<string> {
		let screen = '';
		return until(what, () => {
			screen = this.screen();
			return test(screen) ? screen : undefined;
		}, timeoutMs, () => screen, everyMs);
	}

	kill(): void {
		spawnSync('tmux', ['kill-session', '-t', this.name]);
	}
}
