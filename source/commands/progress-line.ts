/**
 * One self-rewriting status line on a terminal's stderr, e.g. while recording:
 * `recording 12.000 ms / 100.000 ms · 131,234 events · 1.20 M events/s → run.ndjson`.
 * Does nothing unless the stream is a TTY, so logs and pipes stay clean.
 */
export interface ProgressLine {
	/** Clears the line for good. */
	stop(): void;
}

/** Redraws `text()` every `everyMs` wall-clock ms until stopped. */
export function startProgressLine(stream: NodeJS.WriteStream, text: () => string, everyMs = 200): ProgressLine {
	if (!stream.isTTY) return {stop() {}};
	const draw = (): void => {
		const columns = stream.columns || 80;
		stream.write(`\r\u001B[K${text().slice(0, columns - 1)}`);
	};
	const timer = setInterval(draw, everyMs);
	timer.unref();
	return {
		stop() {
			clearInterval(timer);
			stream.write('\r\u001B[K');
		},
	};
}
