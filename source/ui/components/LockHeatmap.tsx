import {memo} from 'react';
import {heatmapLines, type HeatmapInput} from './heatmap-lines.ts';
import {Lines} from './Lines.tsx';

/** The heatmap's props are exactly what its lines are built from. */
export type LockHeatmapProps = HeatmapInput;

/** Hot locks × CPUs (or × time), shaded by wait, with a legend of the scale. */
export const LockHeatmap = memo(function LockHeatmap(props: LockHeatmapProps) {
	return <Lines lines={heatmapLines(props)} width={props.width} height={props.height} />;
});
