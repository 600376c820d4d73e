import {memo} from 'react';
import type {UiState} from '../hooks/ui-state.ts';
import type {Frame} from '../session/frame.ts';
import {footerLine} from './footer-line.ts';
import {Line} from './Line.tsx';

export interface FooterProps {
	readonly ui: UiState;
	readonly frame: Pick<Frame, 'paused' | 'canInject' | 'canSwitchScheme' | 'replay' | 'violation'>;
	readonly width: number;
}

/** The keys that matter now. */
export const Footer = memo(function Footer({ui, frame, width}: FooterProps) {
	return <Line text={footerLine(ui, frame as Frame, width)} width={width} />;
});
