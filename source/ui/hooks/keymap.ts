/**
 * Keys to commands, as pure functions: `keyNames` turns what `useInput` delivers (which may
 * be several keys at once) into key names, and `commandFor` says what one key does in the
 * current state. The help overlay and the footer are built from `keyHelp`.
 */
import type {SeekKey} from '../session/seek.ts';
import type {UiAction, UiState, VmaKey} from './ui-state.ts';

/** The subset of Ink's `Key` that names special keys. */
export interface SpecialKey {
	readonly upArrow?: boolean;
	readonly downArrow?: boolean;
	readonly leftArrow?: boolean;
	readonly rightArrow?: boolean;
	readonly pageUp?: boolean;
	readonly pageDown?: boolean;
	readonly home?: boolean;
	readonly end?: boolean;
	readonly return?: boolean;
	readonly escape?: boolean;
	readonly tab?: boolean;
	readonly shift?: boolean;
	readonly backspace?: boolean;
	readonly delete?: boolean;
	readonly ctrl?: boolean;
}

/**
 * The keys in one `useInput` call, in order: a special key gives its name (`up`, `tab`,
 * `shift-tab`, `escape`, `ctrl-c`, ...); text gives one name per character, so `mmu` typed
 * faster than a frame is three keys.
 */
export function keyNames(input: string, key: SpecialKey): string[] {
	if (key.upArrow) return ['up'];
	if (key.downArrow) return ['down'];
	if (key.leftArrow) return ['left'];
	if (key.rightArrow) return ['right'];
	if (key.pageUp) return ['pageup'];
	if (key.pageDown) return ['pagedown'];
	if (key.home) return ['home'];
	if (key.end) return ['end'];
	if (key.tab) return [key.shift ? 'shift-tab' : 'tab'];
	if (key.escape && input === '') return ['escape'];
	if (key.return) return ['return'];
	if (key.backspace || key.delete) return ['backspace'];
	if (key.ctrl) return input === 'c' ? ['ctrl-c'] : input === 'z' ? ['ctrl-z'] : [];
	const names: string[] = [];
	for (const char of input) names.push(controlName(char) ?? char);
	return names;
}

/**
 * F1 and F10 as the terminal sends them (xterm `ESC O P`, `ESC [ 11 ~`, the Linux console's
 * `ESC [ [ A`; `ESC [ 21 ~`). Ink hands function keys to `useInput` as an empty string, so
 * they are read from its raw input instead.
 */
export function functionKeyName(sequence: string): 'f1' | 'f10' | null {
	switch (sequence) {
		case '\u001BOP':
		case '\u001B[11~':
		case '\u001B[[A':
			return 'f1';
		case '\u001B[21~':
			return 'f10';
		default:
			return null;
	}
}

function controlName(char: string): string | undefined {
	switch (char) {
		case '\r':
		case '\n':
			return 'return';
		case '\t':
			return 'tab';
		case '\u007F':
		case '\b':
			return 'backspace';
		case '\u0003':
			return 'ctrl-c';
		case '\u001A':
			return 'ctrl-z';
		case '\u001B':
			return 'escape';
		default:
			return char < ' ' ? '' : undefined;
	}
}

/** What a key does. */
export type Command =
	| {readonly kind: 'ui'; readonly action: UiAction}
	| {readonly kind: 'quit'}
	| {readonly kind: 'suspend'}
	| {readonly kind: 'pause'}
	| {readonly kind: 'speed'; readonly delta: 1 | -1}
	| {readonly kind: 'next-scheme'}
	| {readonly kind: 'inject'; readonly injection: 'mmap' | 'munmap' | 'mprotect' | 'fault-storm'}
	| {readonly kind: 'move'; readonly key: MoveKey}
	| {readonly kind: 'seek'; readonly to: SeekKey}
	/** `!`: the first violation's diagram, or a notice that there is none yet. */
	| {readonly kind: 'violation'}
	| {readonly kind: 'none'};

export type MoveKey = 'up' | 'down' | 'left' | 'right' | 'pageup' | 'pagedown' | 'home' | 'end';

const moveKeys = new Set<string>(['up', 'down', 'left', 'right', 'pageup', 'pagedown', 'home', 'end']);

/** Keys that page the help overlay, and the way they move. */
const helpPageKeys: Readonly<Record<string, MoveKey>> = {down: 'pagedown', pagedown: 'pagedown', j: 'pagedown', ' ': 'pagedown', up: 'pageup', pageup: 'pageup', k: 'pageup', home: 'home', end: 'end'};

const ui = (action: UiAction): Command => ({kind: 'ui', action});

/** The seek keys, which only a replay has. */
const seekKeys: Readonly<Record<string, SeekKey>> = {']': 'forward', '[': 'back', g: 'start', G: 'end'};

/** What key `name` does in `state`; `replay`: the dashboard plays a recording (the seek keys work). */
export function commandFor(name: string, state: UiState, replay = false): Command {
	if (name === 'ctrl-c' || name === 'f10') return {kind: 'quit'};
	if (name === 'ctrl-z') return {kind: 'suspend'};
	if (state.editing) {
		if (name === 'return') return ui({type: 'filter-keep'});
		if (name === 'escape') return ui({type: 'filter-clear'});
		if (name === 'backspace') return ui({type: 'filter-erase'});
		if (name.length === 1) return ui({type: 'filter-type', text: name});
		return {kind: 'none'};
	}

	if (state.help) {
		if (name === 'q') return {kind: 'quit'};
		// A help taller than the screen pages; any other key closes it.
		const page = helpPageKeys[name];
		return page === undefined ? ui({type: 'help', open: false}) : {kind: 'move', key: page};
	}

	if (state.violation) {
		if (name === 'q') return {kind: 'quit'};
		// The arrows (and j k) scroll a diagram larger than the screen; any other key closes it.
		if (moveKeys.has(name)) return {kind: 'move', key: name as MoveKey};
		if (name === 'j' || name === 'k') return {kind: 'move', key: name === 'j' ? 'down' : 'up'};
		return ui({type: 'violation', open: false});
	}

	if (moveKeys.has(name)) return {kind: 'move', key: name as MoveKey};
	// vi's keys beside the arrows, as in less and htop.
	if (name === 'j') return {kind: 'move', key: 'down'};
	if (name === 'k') return {kind: 'move', key: 'up'};
	const seek = Object.hasOwn(seekKeys, name) ? seekKeys[name] : undefined;
	if (seek !== undefined) return replay ? {kind: 'seek', to: seek} : {kind: 'none'};
	switch (name) {
		case 'q':
			return {kind: 'quit'};
		case '?':
		case 'f1':
			return ui({type: 'help', open: true});
		case '!':
			return {kind: 'violation'};
		case ' ':
			return {kind: 'pause'};
		case '+':
		case '=':
			return {kind: 'speed', delta: 1};
		case '-':
		case '_':
			return {kind: 'speed', delta: -1};
		case 'tab':
			return ui({type: 'focus', delta: 1});
		case 'shift-tab':
			return ui({type: 'focus', delta: -1});
		case '/':
			return ui({type: 'filter-start'});
		case 'escape':
			return ui({type: 'filter-clear'});
		case 'h':
			return ui({type: 'heat-axis'});
		case 't':
			return ui({type: 'table'});
		case 'e':
			return ui({type: 'toggle-freed'});
		case 'm':
			return {kind: 'inject', injection: 'mmap'};
		case 'u':
			return {kind: 'inject', injection: 'munmap'};
		case 'p':
			return {kind: 'inject', injection: 'mprotect'};
		case 'f':
			return {kind: 'inject', injection: 'fault-storm'};
		case 's':
			return {kind: 'next-scheme'};
		default:
			return {kind: 'none'};
	}
}

/** What the arrows move over, from the current frame and layout. */
export interface MoveContext {
	readonly cpus: number;
	/** CPUs per row of the CPU pane (1 when it lists one per line). */
	readonly cpusPerRow: number;
	/** The heatmap's locks as drawn, hottest first: an arrow moves from the row the selection is drawn on. */
	readonly locks: readonly string[];
	/** The VMA list's rows, in order. */
	readonly vmas: readonly VmaKey[];
	/** Rows a page of the VMA list or the log moves. */
	readonly page: number;
	/** Events in the log's count (`LogWindow.total`) and how many of them it still holds. */
	readonly logTotal: number;
	readonly logHeld: number;
	/** Pages of the help overlay at this size. */
	readonly helpPages?: number;
	/** How far the violation overlay scrolls at this size (`violationExtent`). */
	readonly violation?: ViolationExtent;
}

/** The furthest the violation overlay scrolls, and how far a page or a pan moves. */
export interface ViolationExtent {
	readonly rows: number;
	readonly columns: number;
	readonly page: number;
	readonly pan: number;
}

/** The selection or scroll change an arrow key makes in the focused pane. */
export function moveAction(state: UiState, key: MoveKey, context: MoveContext): UiAction | null {
	if (state.help) {
		const last = Math.max(0, (context.helpPages ?? 1) - 1);
		const step = {up: -1, down: 1, left: -1, right: 1, pageup: -1, pagedown: 1, home: -Infinity, end: Infinity}[key];
		return {type: 'help-page', page: clamp(state.helpPage + step, 0, last)};
	}

	if (state.violation) {
		const {rows, columns, page, pan} = context.violation ?? {rows: 0, columns: 0, page: 1, pan: 1};
		const {row, column} = state.violationScroll;
		const down = {up: -1, down: 1, left: 0, right: 0, pageup: -page, pagedown: page, home: -Infinity, end: Infinity}[key];
		const right = key === 'left' ? -pan : key === 'right' ? pan : key === 'home' ? -Infinity : 0;
		return {type: 'violation-scroll', to: {row: clamp(row + down, 0, rows), column: clamp(column + right, 0, columns)}};
	}

	switch (state.focus) {
		case 'cpus': {
			const step = {up: -context.cpusPerRow, down: context.cpusPerRow, left: -1, right: 1, pageup: -context.cpusPerRow * context.page, pagedown: context.cpusPerRow * context.page, home: -Infinity, end: Infinity}[key];
			return {type: 'select-cpu', cpu: clamp(state.cpu + step, 0, context.cpus - 1)};
		}

		case 'locks': {
			const step = {up: -1, down: 1, left: -1, right: 1, pageup: -Infinity, pagedown: Infinity, home: -Infinity, end: Infinity}[key];
			const drawn = state.lockId === null ? -1 : context.locks.indexOf(state.lockId);
			const lock = clamp((drawn === -1 ? state.lock : drawn) + step, 0, Math.max(0, context.locks.length - 1));
			return {type: 'select-lock', lock, id: context.locks[lock] ?? null};
		}

		case 'vmas': {
			const {vmas} = context;
			if (vmas.length === 0) return null;
			const at = state.vma === null ? -1 : vmas.findIndex(v => v.mm === state.vma!.mm && v.vma === state.vma!.vma);
			const step = {up: -1, down: 1, left: -1, right: 1, pageup: -context.page, pagedown: context.page, home: -Infinity, end: Infinity}[key];
			const index = at === -1 ? (step < 0 ? vmas.length - 1 : 0) : clamp(at + step, 0, vmas.length - 1);
			return {type: 'select-vma', vma: vmas[index]!};
		}

		case 'log': {
			const newest = context.logTotal - 1;
			const oldest = Math.min(newest, context.logTotal - context.logHeld + context.page - 1);
			const at = state.logAnchor ?? newest;
			const step = {up: -1, down: 1, left: -context.page, right: context.page, pageup: -context.page, pagedown: context.page, home: -Infinity, end: Infinity}[key];
			const anchor = clamp(at + step, oldest, newest);
			return {type: 'log-anchor', anchor: anchor >= newest ? null : anchor};
		}

		case 'summary':
			return key === 'left' || key === 'right' ? {type: 'table'} : null;
	}
}

function clamp(value: number, low: number, high: number): number {
	return Math.min(high, Math.max(low, value));
}

/** The keys a replay adds; it has no injections and no other scheme. */
export const replayKeyHelp: ReadonlyArray<readonly [keys: string, what: string]> = [
	[']  [', 'seek forward / back by 10% of the recording'],
	['g  G', 'seek to the start / the end of the recording'],
];

/** Keys a replay does not have: a recording cannot take injections, and plays one scheme. */
const liveOnlyKeys = new Set(['m', 'u', 'p', 'f', 's']);

/** The help overlay's keys: every key, or a replay's (seek keys in, injections and `s` out). */
export function keyHelpFor(replay: boolean): ReadonlyArray<readonly [keys: string, what: string]> {
	if (!replay) return keyHelp;
	const kept = keyHelp.filter(([keys]) => !liveOnlyKeys.has(keys));
	const at = kept.findIndex(([keys]) => keys.startsWith('+'));
	return [...kept.slice(0, at + 1), ...replayKeyHelp, ...kept.slice(at + 1)];
}

/** Every key, for the help overlay (and the README). */
export const keyHelp: ReadonlyArray<readonly [keys: string, what: string]> = [
	['q, F10, Ctrl-C', 'quit (the terminal is restored)'],
	['?, F1', 'this help; ↓↑ PgDn PgUp page it, any other key closes it'],
	['Ctrl-Z', 'suspend to the shell (the terminal is restored); fg brings the dashboard back'],
	['space', 'pause or resume the simulation (the display and the log freeze)'],
	['+  -', 'faster / slower: simulated time per wall second, in 1-2-5 steps'],
	['Tab, Shift-Tab', 'next / previous pane: CPUs, locks, summary, VMAs, events'],
	['arrows, j k, PgUp PgDn, Home End', 'select a CPU, a lock or a VMA; scroll the event log (End follows again)'],
	['/', 'filter the event log as you type: words, cpu:3, type:inject, vma:12, mm:0, -word to exclude'],
	['Enter, Esc', 'keep the filter / clear it (Esc also clears it later)'],
	['m', "mmap a new VMA (size and kind from the scenario's inject: block)"],
	['u', 'munmap the selected VMA'],
	['p', 'mprotect the selected VMA (toggle write)'],
	['f', 'fault storm: every thread of its process faults across the selected VMA'],
	['s', 'next scheme: restart from time 0 with the same seed'],
	['h', 'heatmap axis: columns are CPUs or time windows (help is ? or F1)'],
	['t', 'summary table: per lock class or per scheme run'],
	['e', 'VMA list: list the freed VMAs one per row, or fold them into one'],
	['!', "the run's first violation as an interleaving diagram, as spf-top explain draws it; arrows scroll it"],
];
