import {memo} from 'react';
import {Lines} from './Lines.tsx';
import {vmaLines, type VmaLinesInput} from './vma-lines.ts';

/** The VMA list's props are exactly what its lines are built from. */
export type VmaListProps = VmaLinesInput;

/** Live and recently freed VMAs: range, kind, protection, sequence, references, faults. */
export const VmaList = memo(function VmaList(props: VmaListProps) {
	return <Lines lines={vmaLines(props)} width={props.width} height={props.height} />;
});
