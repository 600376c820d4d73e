// Renders an element with Ink into an off-screen terminal of a given size (debug mode, so
// every frame is written whole) and gives back the latest frame.
import {EventEmitter} from 'node:events';
import {after} from 'node:test';
import {render} from 'ink';
import type {ReactElement} from 'react';
import {readyMs} from '../until.ts';

class Screen extends EventEmitter {
	readonly isTTY = true;
	frame = '';
	writes = 0;
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}

	write(data: string): boolean {
		this.frame = data;
		this.writes++;
		this.emit('written');
		return true;
	}
}

class Keys extends EventEmitter {
	readonly isTTY = true;
	#pending: string | null = null;
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
	read(): string | null {
		const data = this.#pending;
		this.#pending = null;
		return data;
	}

	press(data: string): void {
		this.#pending = data;
		this.emit('readable');
	}
}

/**
 * Resolves once `screen` has written a frame, or after `ms` when nothing changes. A key may
 * change nothing, so its wait is bounded by a second (a loaded machine can take hundreds of
 * ms to draw); a resize always redraws, so it waits as long as a first frame may take.
 */
function nextFrame(screen: Screen, ms = 1000): Promise<void> {
	return new Promise(resolve => {
		const done = () => {
			clearTimeout(timer);
			screen.off('written', done);
			// Let the rest of the same render finish writing.
			setImmediate(resolve);
		};

		const timer = setTimeout(done, ms);
		screen.on('written', done);
	});
}

/** Unmounted at the end even when a test fails before it unmounts: a live one (its spinner's timer) keeps the file's process from ever exiting. */
const mounted = new Set<() => void>();
after(() => {
	for (const unmount of mounted) unmount();
});

export function renderAt(element: ReactElement, columns: number, rows: number) {
	const screen = new Screen(columns, rows);
	const keys = new Keys();
	const instance = render(element, {stdout: screen as unknown as NodeJS.WriteStream, stdin: keys as unknown as NodeJS.ReadStream, debug: true, patchConsole: false, exitOnCtrlC: false});
	const unmount = (): void => {
		mounted.delete(unmount);
		instance.unmount();
		instance.cleanup();
	};
	mounted.add(unmount);
	let exited = false;
	void instance.waitUntilExit().then(() => {
		exited = true;
	});
	return {
		frame: () => screen.frame,
		exited: () => exited,
		/** Waits for the first frame. */
		ready: async () => {
			if (screen.writes === 0) await nextFrame(screen, readyMs);
		},
		/** Types `data` as one read and waits for the frame it causes (if any). */
		press: async (data: string) => {
			const frame = nextFrame(screen);
			keys.press(data);
			await frame;
		},
		resize: async (newColumns: number, newRows: number) => {
			const frame = nextFrame(screen, readyMs);
			screen.columns = newColumns;
			screen.rows = newRows;
			screen.emit('resize');
			await frame;
		},
		unmount,
	};
}
