import {Transform} from 'ink';
import {memo} from 'react';

export interface LineProps {
	/** The line, colour codes included, at most `width` columns wide. */
	readonly text: string;
	/** Columns the line takes in the layout. */
	readonly width: number;
}

const blanks: string[] = [];

/** A string of `width` spaces, one per width ever asked for. */
function blank(width: number): string {
	return (blanks[width] ??= ' '.repeat(width));
}

/**
 * One pre-built line of a pane. Ink measures text through a cache keyed by the text that
 * is never emptied, so a `<Text>` whose content changes every frame grows memory without
 * bound, and each change re-runs the layout. Here Ink measures a blank of the same width
 * (the same string every frame) and `<Transform>` writes the real line in its place, so
 * neither happens. The line must already fit `width`: nothing wraps or cuts it.
 */
export const Line = memo(function Line({text, width}: LineProps) {
	return <Transform transform={() => text}>{blank(width)}</Transform>;
});
