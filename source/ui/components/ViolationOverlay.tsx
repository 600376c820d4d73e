import {memo} from 'react';
import type {ViolationScroll} from '../hooks/ui-state.ts';
import type {ViolationView} from '../session/first-violation.ts';
import {Lines} from './Lines.tsx';
import {violationLines} from './violation-lines.ts';

export interface ViolationOverlayProps {
	readonly view: ViolationView | null;
	readonly width: number;
	readonly height: number;
	readonly scroll: ViolationScroll;
	/** The file this run is being recorded to (`--live --record`), else null. */
	readonly recording?: string | null;
}

/** The run's first violation as an interleaving diagram, in place of the panes until a key closes it. */
export const ViolationOverlay = memo(function ViolationOverlay({view, width, height, scroll, recording = null}: ViolationOverlayProps) {
	return <Lines lines={violationLines(view, width, height, scroll, recording)} width={width} height={height} />;
});
