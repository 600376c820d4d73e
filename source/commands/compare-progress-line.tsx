/** `compare`'s spinner line on a terminal's stderr, redrawn until the table is ready. */
import {render, Text} from 'ink';
import Spinner from 'ink-spinner';
import {useEffect, useState} from 'react';
import type {CompareProgress} from './compare-progress.ts';

function ProgressLine({progress}: {readonly progress: CompareProgress}) {
	const [line, setLine] = useState(() => progress.line());
	useEffect(() => {
		const timer = setInterval(() => setLine(progress.line()), 100);
		return () => clearInterval(timer);
	}, [progress]);
	return (
		<Text wrap="truncate-end">
			<Text color="cyan">
				<Spinner type="dots" />
			</Text>
			{` compare ${line}`}
		</Text>
	);
}

/** Draws the line on `stderr` until `clear` and `unmount`. */
export function renderProgressLine(progress: CompareProgress, stderr: NodeJS.WriteStream): {clear(): void; unmount(): void} {
	return render(<ProgressLine progress={progress} />, {stdout: stderr, patchConsole: false, exitOnCtrlC: false});
}
