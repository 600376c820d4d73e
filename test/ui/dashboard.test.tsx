// The whole dashboard, rendered by Ink off-screen: it never draws more rows or columns than
// the terminal has, re-lays out on resize, and turns keys into commands.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Dashboard} from '../../source/ui/index.ts';
import type {Frame} from '../../source/ui/index.ts';
import {until} from '../until.ts';
import {plain, realFrame} from './fixtures.ts';
import {renderAt} from './render-at.ts';

/** A session stand-in: serves a frame and records the commands keys call. */
class FakeSession {
	calls: string[] = [];
	#frame: Frame;
	readonly #listeners = new Set<() => void>();
	constructor(frame: Frame) {
		this.#frame = frame;
	}

	readonly subscribe = (listener: () => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	readonly getFrame = () => this.#frame;
	show(frame: Frame) {
		this.#frame = frame;
		for (const listener of this.#listeners) listener();
	}

	togglePause() {
		this.calls.push('pause');
	}

	changeSpeed(delta: number) {
		this.calls.push(`speed ${delta}`);
	}

	nextScheme() {
		this.calls.push('next-scheme');
	}

	setLogFilter(text: string) {
		this.calls.push(`filter ${text}`);
	}

	inject(kind: string, target: {vma: number} | null) {
		this.calls.push(`${kind} ${target?.vma ?? '-'}`);
	}

	noViolation() {
		this.calls.push('no-violation');
	}
}

const frames = {8: realFrame(8), 64: realFrame(64), 256: realFrame(256, 500_000)};

function check(output: string, columns: number, rows: number, where: string) {
	const shown = plain(output).split('\n');
	assert.ok(shown.length <= rows - 1, `${where}: ${shown.length} rows on a terminal of ${rows}`);
	for (const line of shown) assert.ok(line.length <= columns, `${where}: a line of ${line.length} columns: ${line}`);
}

test('at every size from 80×24 up, the frame is at most rows-1 lines and never wider than the terminal', async () => {
	for (const [cpus, frame] of Object.entries(frames)) {
		for (const [columns, rows] of [[80, 24], [100, 30], [120, 40], [160, 50], [240, 70]] as const) {
			const session = new FakeSession(frame);
			const view = renderAt(<Dashboard session={session} />, columns, rows);
			await view.ready();
			check(view.frame(), columns, rows, `${cpus} CPUs at ${columns}×${rows}`);
			// Every focus and both heatmap axes and tables, help included.
			for (const key of ['\t', '\t', 'h', 't', '\t', '\t', '\t', '?']) {
				await view.press(key);
				check(view.frame(), columns, rows, `${cpus} CPUs at ${columns}×${rows} after ${JSON.stringify(key)}`);
			}

			view.unmount();
		}
	}
});

test('below 80×24 it says so, and lays out again when the terminal grows', async () => {
	const view = renderAt(<Dashboard session={new FakeSession(frames[8])} />, 40, 12);
	await view.ready();
	assert.match(plain(view.frame()), /^terminal too small: need 80×24\nthis one is 40×12/);
	await view.resize(120, 40);
	assert.match(plain(view.frame()), /CPUs {2}8 · one pane each/);
	check(view.frame(), 120, 40, 'after growing');
	await view.resize(80, 24);
	assert.match(plain(view.frame()), /CPUs {2}8 · one line each/);
	view.unmount();
});

test('keys call the session: pause, speed, scheme, injections on the selected VMA', async () => {
	const session = new FakeSession(frames[8]);
	const view = renderAt(<Dashboard session={session} />, 120, 40);
	await view.ready();
	// Selected first: the oldest live VMA (the heap, #1), the last by address; the freed
	// VMAs are folded away, so the row above it is a live one.
	const shown = frames[8].snapshot.vmas.filter(row => row.freedAtNs === null);
	const first = shown.find(row => row.vma === 1)!;
	const above = shown[shown.indexOf(first) - 1]!;
	assert.ok(first.live && above.live);
	// Several keys in one read are each handled: space, +, -, s, m.
	await view.press(' +-sm');
	// VMAs are focused first; select the VMA above and act on it.
	await view.press('\u001B[A');
	await view.press('u');
	await view.press('p');
	await view.press('f');
	assert.deepEqual(session.calls, ['pause', 'speed 1', 'speed -1', 'next-scheme', `mmap ${first.vma}`, `munmap ${above.vma}`, `mprotect ${above.vma}`, `fault-storm ${above.vma}`]);
	assert.match(plain(view.frame()), new RegExp(`▶ +#${above.vma} `));
	view.unmount();
});

test('? shows help and any key closes it; / types a filter, Enter keeps it, Esc clears it; q quits', async () => {
	const session = new FakeSession(frames[8]);
	const view = renderAt(<Dashboard session={session} />, 120, 40);
	await view.ready();
	await view.press('?');
	assert.match(plain(view.frame()), /Help {2}every key/);
	await view.press('m');
	assert.doesNotMatch(plain(view.frame()), /Help {2}every key/);
	assert.deepEqual(session.calls, []);
	await view.press('/ty');
	await view.press('pe:inject');
	assert.match(plain(view.frame()), /\/type:inject█ {2}Enter keeps/);
	await view.press('\r');
	assert.doesNotMatch(plain(view.frame()), /Enter keeps/);
	await view.press('\u001B');
	// Keys typed in one read filter once, on all of them.
	assert.deepEqual(session.calls, ['filter ty', 'filter type:inject', 'filter ']);
	assert.equal(view.exited(), false);
	await view.press('q');
	await until('the dashboard to exit', () => view.exited() || null);
	view.unmount();
});

test('Tab moves the focus marker through the panes', async () => {
	const view = renderAt(<Dashboard session={new FakeSession(frames[8])} />, 160, 50);
	await view.ready();
	const focused = () => /▶ (CPUs|Locks|Summary|VMAs|Events) /.exec(plain(view.frame()))?.[1];
	const order: Array<string | undefined> = [focused()];
	for (let i = 0; i < 5; i++) {
		await view.press('\t');
		order.push(focused());
	}

	assert.deepEqual(order, ['VMAs', 'Events', 'CPUs', 'Locks', 'Summary', 'VMAs']);
	view.unmount();
});
