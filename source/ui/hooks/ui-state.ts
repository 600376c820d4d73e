/**
 * The dashboard's own state (what is focused and selected, the log filter being typed):
 * a reducer over a discriminated union of actions. Everything about the simulation lives in
 * the session; this is only about the view.
 */

export type PaneId = 'cpus' | 'locks' | 'summary' | 'vmas' | 'log';

/** Tab order. */
export const paneOrder: readonly PaneId[] = ['cpus', 'locks', 'summary', 'vmas', 'log'];

/** A VMA of the list, by identity (ids are per mm). */
export interface VmaKey {
	readonly mm: number;
	readonly vma: number;
}

export interface UiState {
	readonly focus: PaneId;
	readonly help: boolean;
	/** Page of the help overlay shown (it pages when taller than the terminal). */
	readonly helpPage: number;
	/** The first violation's diagram is shown (`!`), in place of the panes. */
	readonly violation: boolean;
	/** Where the diagram is scrolled to: its first line shown, and columns panned right. */
	readonly violationScroll: ViolationScroll;
	/** Typing a log filter after `/`. */
	readonly editing: boolean;
	/** The log filter, applied as it is typed. */
	readonly filter: string;
	readonly heatAxis: 'cpu' | 'time';
	readonly table: 'locks' | 'schemes';
	readonly cpu: number;
	/** Row of the heatmap. */
	readonly lock: number;
	/** The lock selected, by id, so it stays selected when rows re-sort; null: the one at `lock`. */
	readonly lockId: string | null;
	readonly vma: VmaKey | null;
	/** What was last seen of the selected VMA (null right after a key selected it): where, and live or not. */
	readonly vmaSeen: {readonly start: number; readonly live: boolean} | null;
	/** The VMA list shows freed VMAs one per row (`e`), not folded into one. */
	readonly showFreed: boolean;
	/** After `m`: select the next VMA an mmap injection allocates past this count. */
	readonly awaitMmap: number | null;
	/** Where a selection moved by itself, and why (the footer says it). */
	readonly note: string | null;
	/** Index (in the log's own count) of the bottom line shown; null follows the newest. */
	readonly logAnchor: number | null;
}

/** A scroll position in the violation overlay. */
export interface ViolationScroll {
	readonly row: number;
	readonly column: number;
}

export const initialUiState: UiState = {
	focus: 'vmas',
	help: false,
	helpPage: 0,
	violation: false,
	violationScroll: {row: 0, column: 0},
	editing: false,
	filter: '',
	heatAxis: 'cpu',
	table: 'locks',
	cpu: 0,
	lock: 0,
	lockId: null,
	vma: null,
	vmaSeen: null,
	showFreed: false,
	awaitMmap: null,
	note: null,
	logAnchor: null,
};

export type UiAction =
	| {readonly type: 'focus'; readonly delta: 1 | -1}
	| {readonly type: 'focus-pane'; readonly pane: PaneId}
	| {readonly type: 'help'; readonly open: boolean}
	| {readonly type: 'help-page'; readonly page: number}
	| {readonly type: 'violation'; readonly open: boolean}
	| {readonly type: 'violation-scroll'; readonly to: ViolationScroll}
	| {readonly type: 'filter-start'}
	| {readonly type: 'filter-type'; readonly text: string}
	| {readonly type: 'filter-erase'}
	| {readonly type: 'filter-keep'}
	| {readonly type: 'filter-clear'}
	| {readonly type: 'heat-axis'}
	| {readonly type: 'table'}
	| {readonly type: 'select-cpu'; readonly cpu: number}
	| {readonly type: 'select-lock'; readonly lock: number; readonly id: string | null}
	| {readonly type: 'select-vma'; readonly vma: VmaKey | null}
	/** The dashboard keeps a selection on its object, or moves it when the object went. */
	| {readonly type: 'follow-lock'; readonly lock: number; readonly id: string; readonly note?: string}
	| {readonly type: 'follow-vma'; readonly vma: VmaKey; readonly seen: {readonly start: number; readonly live: boolean}; readonly note?: string; readonly mmapDone?: boolean}
	| {readonly type: 'toggle-freed'}
	| {readonly type: 'await-mmap'; readonly after: number}
	| {readonly type: 'clear-note'}
	| {readonly type: 'log-anchor'; readonly anchor: number | null};

export function uiReducer(state: UiState, action: UiAction): UiState {
	switch (action.type) {
		case 'focus': {
			const index = paneOrder.indexOf(state.focus);
			return {...state, focus: paneOrder[(index + action.delta + paneOrder.length) % paneOrder.length]!};
		}

		case 'focus-pane':
			return {...state, focus: action.pane};
		case 'help':
			return {...state, help: action.open, helpPage: 0};
		case 'help-page':
			return {...state, helpPage: action.page};
		case 'violation':
			return {...state, violation: action.open, violationScroll: initialUiState.violationScroll};
		case 'violation-scroll':
			return {...state, violationScroll: action.to};
		case 'filter-start':
			return {...state, editing: true, focus: 'log'};
		case 'filter-type':
			return {...state, filter: state.filter + action.text, logAnchor: null};
		case 'filter-erase':
			return {...state, filter: state.filter.slice(0, -1), logAnchor: null};
		case 'filter-keep':
			return {...state, editing: false};
		case 'filter-clear':
			return {...state, editing: false, filter: '', logAnchor: null};
		case 'heat-axis':
			return {...state, heatAxis: state.heatAxis === 'cpu' ? 'time' : 'cpu'};
		case 'table':
			return {...state, table: state.table === 'locks' ? 'schemes' : 'locks'};
		case 'select-cpu':
			return {...state, cpu: action.cpu};
		case 'select-lock':
			return {...state, lock: action.lock, lockId: action.id, note: null};
		case 'select-vma':
			return {...state, vma: action.vma, vmaSeen: null, awaitMmap: null, note: null};
		case 'follow-lock':
			return {...state, lock: action.lock, lockId: action.id, note: action.note ?? state.note};
		case 'follow-vma':
			return {...state, vma: action.vma, vmaSeen: action.seen, note: action.note ?? state.note, awaitMmap: action.mmapDone ? null : state.awaitMmap};
		case 'toggle-freed':
			return {...state, showFreed: !state.showFreed};
		case 'await-mmap':
			return {...state, awaitMmap: action.after};
		case 'clear-note':
			return {...state, note: null};
		case 'log-anchor':
			return {...state, logAnchor: action.anchor};
	}
}
