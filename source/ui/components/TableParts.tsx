import type {CellProps} from '@alcalzone/ink-table';
import React from 'react';
import {paint} from '../text/paint.ts';
import {Line} from './Line.tsx';

/*
 * The summary table's cells, for @alcalzone/ink-table. Its own cells are <Text>s of box
 * characters, which Ink measures with the slow Unicode path of string-width on every frame
 * (about 2.5 ms a frame for a 5-row table); drawn as `Line`s, Ink measures an ASCII blank
 * of the same width instead. ink-table pads every cell to its column width, so a cell's
 * length is its width.
 */

function text(children: React.ReactNode): string {
	return Array.isArray(children) ? children.join('') : String(children ?? '');
}

/** A data cell. */
export function TableCell({children}: CellProps) {
	const value = text(children);
	return <Line text={value} width={value.length} />;
}

/** A column heading. */
export function TableHeader({children}: React.PropsWithChildren) {
	const value = text(children);
	return <Line text={paint.bold(paint.blue(value))} width={value.length} />;
}

/** Borders and rules. */
export function TableSkeleton({children}: React.PropsWithChildren) {
	const value = text(children);
	return <Line text={paint.dim(value)} width={value.length} />;
}
