/**
 * How the CPU pane shows N CPUs in the space it has, from most to least detailed: a small
 * pane per CPU, one line per CPU, then a compact grid of 3-column cells (32 to a row at
 * 120 columns, so 256 CPUs take 8 rows), scrolled to the selected CPU if even that does
 * not fit.
 */

/** Lines of one per-CPU pane: state, rates, latency, aborts, sparkline. */
export const cpuPaneLines = 5;
/** Narrowest per-CPU pane. */
export const minCpuPaneWidth = 28;
/** Width of one grid cell: state letter, faults/s bar, space. */
export const gridCellWidth = 3;
/** Width of a grid row's label (`cpu 32 `... `  224 `). */
export const gridLabelWidth = 5;

export type CpuView =
	| {readonly mode: 'panes'; readonly height: number; readonly perRow: number; readonly paneWidth: number}
	| {readonly mode: 'lines'; readonly height: number; readonly first: number; readonly shown: number}
	| {readonly mode: 'grid'; readonly height: number; readonly perRow: number; readonly firstRow: number; readonly rows: number; readonly totalRows: number};

/**
 * The most detailed view of `cpus` CPUs that fits `width` × `maxHeight` (title line
 * included); the grid, scrolled to show `selected`, when nothing fits.
 */
export function cpuView(cpus: number, width: number, maxHeight: number, selected = 0): CpuView {
	const perRow = Math.floor((width + 1) / (minCpuPaneWidth + 1));
	if (cpus <= 16 && perRow > 0) {
		const height = 1 + Math.ceil(cpus / perRow) * cpuPaneLines;
		const paneWidth = Math.floor((width - (Math.min(perRow, cpus) - 1)) / Math.min(perRow, cpus));
		if (height <= maxHeight) return {mode: 'panes', height, perRow: Math.min(perRow, cpus), paneWidth: Math.min(paneWidth, 48)};
	}

	// Title and column headings, then one line per CPU.
	if (cpus + 2 <= maxHeight && cpus <= 64) return {mode: 'lines', height: cpus + 2, first: 0, shown: cpus};
	const perGridRow = gridPerRow(width);
	const totalRows = Math.ceil(cpus / perGridRow);
	// Title, the rows, the legend and the selected CPU's line.
	const rows = Math.max(1, Math.min(totalRows, maxHeight - 3));
	const selectedRow = Math.floor(selected / perGridRow);
	const firstRow = Math.min(Math.max(0, selectedRow - rows + 1), totalRows - rows);
	return {mode: 'grid', height: rows + 3, perRow: perGridRow, firstRow: Math.max(0, firstRow), rows, totalRows};
}

/** Cells per grid row: a multiple of 8 when there is room, so row labels are round numbers. */
export function gridPerRow(width: number): number {
	const fit = Math.max(1, Math.floor((width - gridLabelWidth) / gridCellWidth));
	return fit >= 8 ? fit - (fit % 8) : fit;
}

/** CPUs one step up or down moves over in this view. */
export function cpusPerRow(view: CpuView): number {
	return view.mode === 'lines' ? 1 : view.perRow;
}
