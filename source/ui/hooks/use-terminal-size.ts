import {useEffect, useState} from 'react';

export interface TerminalSize {
	readonly columns: number;
	readonly rows: number;
}

/** What a stream says its size is; 80×24 when it does not say. */
export function readTerminalSize(stdout: {readonly columns?: number; readonly rows?: number}): TerminalSize {
	return {columns: stdout.columns || 80, rows: stdout.rows || 24};
}

/**
 * The terminal's size, re-read on every `resize` (Ink's `useStdout` does not re-render on
 * resize, so the layout would keep the old size).
 */
export function useTerminalSize(stdout: NodeJS.WriteStream): TerminalSize {
	const [size, setSize] = useState(() => readTerminalSize(stdout));
	useEffect(() => {
		const update = () => {
			setSize(previous => {
				const next = readTerminalSize(stdout);
				return next.columns === previous.columns && next.rows === previous.rows ? previous : next;
			});
		};

		stdout.on('resize', update);
		update();
		return () => {
			stdout.off('resize', update);
		};
	}, [stdout]);
	return size;
}
