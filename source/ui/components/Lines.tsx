import {Box} from 'ink';
import {Line} from './Line.tsx';

export interface LinesProps {
	readonly lines: readonly string[];
	readonly width: number;
	/** Rows the block takes; lines beyond it are not drawn. */
	readonly height: number;
}

/** A block of pre-built lines: the body of every pane but the summary table. */
export function Lines({lines, width, height}: LinesProps) {
	return (
		<Box flexDirection="column" width={width} height={height} flexShrink={0}>
			{lines.slice(0, height).map((text, i) => (
				// Lines are positions on screen, so the index is their identity.
				// eslint-disable-next-line react/no-array-index-key
				<Line key={i} text={text} width={width} />
			))}
		</Box>
	);
}
