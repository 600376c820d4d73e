import {memo} from 'react';
import {helpLines} from './help-lines.ts';
import {Lines} from './Lines.tsx';

export interface HelpOverlayProps {
	readonly width: number;
	readonly height: number;
	/** A replay's keys: seeking, no injections. */
	readonly replay?: boolean;
	/**
	 * The page shown when the help is taller than `height`.
	 *
	 * @default 0
	 */
	readonly page?: number;
}

/** Every key and what it does, in place of the panes until a key is pressed. */
export const HelpOverlay = memo(function HelpOverlay({width, height, replay = false, page = 0}: HelpOverlayProps) {
	return <Lines lines={helpLines(width, height, replay, page)} width={width} height={height} />;
});
