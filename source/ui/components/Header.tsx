import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import {memo} from 'react';
import type {Frame} from '../session/frame.ts';
import {headerLines} from './header-lines.ts';
import {Line} from './Line.tsx';

export interface HeaderProps {
	readonly frame: Frame;
	readonly width: number;
}

/** Scheme, scenario, seed, time and speed with a spinner while running; totals and the latest notice. */
export const Header = memo(function Header({frame, width}: HeaderProps) {
	const [first, second] = headerLines(frame, width - 4);
	return (
		<Box flexDirection="column" width={width} height={2} flexShrink={0}>
			<Box height={1}>
				<Box width={4} flexShrink={0}>
					{/* An ASCII spinner that moves every 200 ms: with 25 snapshot frames a second, at most 30 renders a second. */}
					{frame.paused ? <Text>‖</Text> : <Spinner type="simpleDotsScrolling" />}
				</Box>
				<Line text={first} width={width - 4} />
			</Box>
			<Box height={1} marginLeft={4}>
				<Line text={second} width={width - 4} />
			</Box>
		</Box>
	);
});
