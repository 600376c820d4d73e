import React, {memo} from 'react';
import type {VmaRow} from '../../stream/index.ts';
import type {VmaKey} from '../hooks/ui-state.ts';
import {Lines} from './Lines.tsx';
import {vmaLines} from './vma-lines.ts';

export interface VmaListProps {
	readonly rows: readonly VmaRow[];
	readonly selected: VmaKey | null;
	readonly width: number;
	readonly height: number;
	readonly focused: boolean;
}

/** Live and recently freed VMAs: range, kind, protection, sequence, references, faults. */
export const VmaList = memo(function VmaList(props: VmaListProps) {
	return <Lines lines={vmaLines(props)} width={props.width} height={props.height} />;
});
