/**
 * Fixed-width table rows in one string: plan which columns fit a width (dropping the least
 * important first, then giving spare columns to the ones that can grow), then fit each
 * cell to its column.
 */
import {clip, fit, fitEnd} from './fit.ts';
import type {Paint} from './paint.ts';

export interface ColumnSpec<K extends string> {
	readonly key: K;
	readonly header: string;
	/** Width it needs. */
	readonly width: number;
	/** Right-align (numbers). */
	readonly right?: boolean;
	/** Columns it may take beyond `width` when there is room. */
	readonly grow?: number;
	/** Dropped when the row does not fit, highest first; never when absent. */
	readonly drop?: number;
}

export interface Column<K extends string> {
	readonly key: K;
	readonly header: string;
	readonly width: number;
	readonly right: boolean;
}

/** The columns of `specs` that fit in `width` (one space between columns), with their widths. */
export function planColumns<K extends string>(specs: ReadonlyArray<ColumnSpec<K>>, width: number): Array<Column<K>> {
	let kept = [...specs];
	const used = () => kept.reduce((sum, spec) => sum + spec.width, 0) + Math.max(0, kept.length - 1);
	while (used() > width) {
		const candidates = kept.filter(spec => spec.drop !== undefined);
		if (candidates.length === 0) break;
		const victim = candidates.reduce((a, b) => (b.drop! > a.drop! ? b : a));
		kept = kept.filter(spec => spec !== victim);
	}

	let spare = width - used();
	const widths = kept.map(spec => spec.width);
	// Growable columns share the spare width in order.
	kept.forEach((spec, i) => {
		const extra = Math.max(0, Math.min(spec.grow ?? 0, spare));
		widths[i]! += extra;
		spare -= extra;
	});
	// Whatever does not fit at all is taken from the last column.
	if (spare < 0 && widths.length > 0) widths[widths.length - 1] = Math.max(0, widths.at(-1)! + spare);
	return kept.map((spec, i) => ({key: spec.key, header: spec.header, width: widths[i]!, right: spec.right ?? false}));
}

/** The headings of `specs` that `planColumns` left out, for a pane title (`hidden: P50, ABORTS`). */
export function hiddenColumns<K extends string>(specs: ReadonlyArray<ColumnSpec<K>>, columns: ReadonlyArray<Column<K>>): string[] {
	return specs.filter(spec => !columns.some(column => column.key === spec.key)).map(spec => spec.header.trim());
}

/** One row: each cell fitted to its column (the last one only cut), painted if a paint is given, joined by spaces. */
export function tableRow<K extends string>(columns: ReadonlyArray<Column<K>>, cells: Readonly<Partial<Record<K, string>>>, paints: Readonly<Partial<Record<K, Paint | undefined>>> = {} as Partial<Record<K, Paint>>): string {
	let line = '';
	for (let i = 0; i < columns.length; i++) {
		const column = columns[i]!;
		const text = cells[column.key] ?? '';
		// Ink draws on a blank screen, and every character it is given costs time each frame:
		// the last column is cut, not padded.
		const fitted = column.right ? fitEnd(text, column.width) : i === columns.length - 1 ? clip(text, column.width) : fit(text, column.width);
		const paint = paints[column.key];
		line += (i > 0 ? ' ' : '') + (paint ? paint(fitted) : fitted);
	}

	return line;
}

/** The headings row. */
export function headerRow<K extends string>(columns: ReadonlyArray<Column<K>>): string {
	return tableRow(columns, Object.fromEntries(columns.map(column => [column.key, column.header])) as Partial<Record<K, string>>);
}
