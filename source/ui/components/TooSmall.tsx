import {Box, Text} from 'ink';
import {minColumns, minRows} from './dashboard-layout.ts';
import {tooSmallLines} from './help-lines.ts';

export interface TooSmallProps {
	readonly columns: number;
	readonly rows: number;
}

/** Below the minimum size: what size is needed, in as few columns as possible. */
export function TooSmall({columns, rows}: TooSmallProps) {
	return (
		<Box flexDirection="column" height={Math.max(1, rows - 1)}>
			{tooSmallLines(columns, rows, {columns: minColumns, rows: minRows}).map(line => (
				<Text key={line} wrap="truncate">
					{line}
				</Text>
			))}
		</Box>
	);
}
