/**
 * Where each pane goes for a terminal of `columns` × `rows`. The frame is one row shorter
 * than the terminal (a frame as tall as the terminal makes Ink clear the screen every
 * frame); header 2 rows, footer 1, then from top to bottom: CPUs, locks (heatmap, and the
 * summary table beside it when there is room, instead of it when focused when not), then
 * the VMA list and the event log side by side.
 */
import type {CpuView} from './cpu-layout.ts';
import {cpuView} from './cpu-layout.ts';

export const minColumns = 80;
export const minRows = 24;

export const headerHeight = 2;
export const footerHeight = 1;
/** Title, column axis, one lock, legend. */
const minMiddle = 4;
/** Title, column headings, three rows. */
const minBottom = 5;
/** The CPU grid at its smallest: title, one row, legend, the selected CPU. */
const minCpus = 4;
/** The summary table's width when it stands beside the heatmap. */
export const summaryWidth = 52;
/** The heatmap's narrowest width beside the summary table. */
const minHeatmapWidth = 60;

export interface LayoutInput {
	readonly columns: number;
	readonly rows: number;
	readonly cpus: number;
	readonly selectedCpu: number;
	/** Locks the heatmap has to show. */
	readonly locks: number;
	/** Data rows of the summary table. */
	readonly summaryRows: number;
	/** The summary pane is focused: it takes the heatmap's place when both do not fit. */
	readonly summaryFocused: boolean;
}

export type DashboardLayout =
	| {readonly tooSmall: true; readonly columns: number; readonly rows: number}
	| {
			readonly tooSmall: false;
			readonly width: number;
			/** Rows of the whole frame: the terminal's minus one. */
			readonly height: number;
			/** Rows between header and footer (the help overlay's height). */
			readonly body: number;
			readonly cpus: CpuView;
			readonly middle: {readonly height: number; readonly heatmapWidth: number; readonly summaryWidth: number};
			readonly bottom: {readonly height: number; readonly vmaWidth: number; readonly logWidth: number};
	  };

/** Title, 3 rule lines and four data rows of the summary table. */
const summaryBesideHeatmap = 4 + 2 * 4;

export function layoutDashboard(input: LayoutInput): DashboardLayout {
	const {columns, rows} = input;
	if (columns < minColumns || rows < minRows) return {tooSmall: true, columns, rows};
	const height = rows - 1;
	const body = height - headerHeight - footerHeight;
	const side = columns >= minHeatmapWidth + 1 + summaryWidth;
	const showSummary = side || input.summaryFocused;
	const showHeatmap = side || !input.summaryFocused;
	// Title, axis, the locks, legend; the table: title, 3 rule lines and 2 per data row.
	const heatmapIdeal = showHeatmap ? 3 + Math.max(1, input.locks) : 0;
	const summaryIdeal = showSummary ? 4 + 2 * Math.max(1, input.summaryRows) : 0;
	// A focused summary table may take rows from the CPU pane, down to its most compact view.
	const middleFirst = input.summaryFocused ? Math.min(summaryIdeal, body - minBottom - minCpus) : minMiddle;
	const cpus = cpuView(input.cpus, columns, body - Math.max(minMiddle, middleFirst) - minBottom, input.selectedCpu);
	const rest = body - cpus.height;
	// Unfocused, the table beside the heatmap grows the pane by at most four rows (the rest are
	// "N more rows"), so the many lock classes of the fault path do not squeeze the VMA list and log.
	const summaryShare = input.summaryFocused || !showHeatmap ? summaryIdeal : Math.min(summaryIdeal, summaryBesideHeatmap);
	const middle = Math.max(minMiddle, Math.min(Math.max(heatmapIdeal, summaryShare), rest - minBottom));
	const vmaWidth = Math.min(66, Math.max(38, Math.round(columns * 0.525)));
	return {
		tooSmall: false,
		width: columns,
		height,
		body,
		cpus,
		middle: {
			height: middle,
			heatmapWidth: showHeatmap ? (side ? columns - summaryWidth - 1 : columns) : 0,
			summaryWidth: showSummary ? (side ? summaryWidth : columns) : 0,
		},
		bottom: {height: rest - middle, vmaWidth, logWidth: columns - vmaWidth - 1},
	};
}
