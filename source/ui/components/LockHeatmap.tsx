import React, {memo} from 'react';
import type {LockHeat} from '../../stream/index.ts';
import {heatmapLines} from './heatmap-lines.ts';
import {Lines} from './Lines.tsx';

export interface LockHeatmapProps {
	/** The hottest locks of the last window, hottest first. */
	readonly locks: readonly LockHeat[];
	readonly cpus: number;
	/** Columns are CPUs or time windows. */
	readonly axis: 'cpu' | 'time';
	readonly width: number;
	readonly height: number;
	readonly focused: boolean;
	/** Selected row. */
	readonly selected: number;
	readonly windowNs: number;
}

/** Hot locks × CPUs (or × time), shaded by wait, with a legend of the scale. */
export const LockHeatmap = memo(function LockHeatmap(props: LockHeatmapProps) {
	return <Lines lines={heatmapLines(props)} width={props.width} height={props.height} />;
});
